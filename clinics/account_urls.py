from django.contrib.auth import views as auth_views
from django.urls import path

from clinics import accounts
from clinics.forms import QueuedPasswordResetForm

urlpatterns = [
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("invitation/<str:token>/", accounts.accept_invitation, name="accept_invitation"),
    path("claim/<slug:slug>/", accounts.claim_listing, name="claim_listing"),
    path("claim/<slug:slug>/sent/", accounts.claim_sent, name="claim_sent"),
]
