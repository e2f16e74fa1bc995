from django.urls import path

from clinics import accounts

# Before django.contrib.auth.urls, which backpain_site/urls.py includes after these.
urlpatterns = [
    path("login/", accounts.LoginView.as_view(), name="login"),
    path("password_reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("invitation/<str:token>/", accounts.accept_invitation, name="accept_invitation"),
    path("claim/<slug:slug>/", accounts.claim_listing, name="claim_listing"),
    path("claim/<slug:slug>/sent/", accounts.claim_sent, name="claim_sent"),
]
