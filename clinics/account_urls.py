from django.urls import path

from clinics import accounts

urlpatterns = [
    path("invitation/<str:token>/", accounts.accept_invitation, name="accept_invitation"),
    path("claim/<slug:slug>/", accounts.claim_listing, name="claim_listing"),
    path("claim/<slug:slug>/sent/", accounts.claim_sent, name="claim_sent"),
]
