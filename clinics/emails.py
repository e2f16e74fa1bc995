"""
The emails the directory sends clinic staff: invitations, answers to claim requests, and
reminders to confirm a listing.
"""

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

from providers.mail import send as _send

CLAIMS_ANNOUNCED_EVERY = 60 * 60  # seconds


def send_invitation(request, invitation, token):
    link = request.build_absolute_uri(reverse("accept_invitation", args=[token]))
    _send(
        "invitation",
        {"invitation": invitation, "link": link, "valid_days": invitation.VALID_FOR.days},
        [invitation.email],
    )


def send_claim_received(request, claim):
    """
    A receipt to the address typed, and word to the moderators, once an hour at most (a burst
    of claims is one email: the admin lists every claim waiting).
    """
    _send("claim_received", {"claim": claim}, [claim.email])
    if settings.MODERATORS_EMAIL and cache.add("claims-announced", True, CLAIMS_ANNOUNCED_EVERY):
        link = request.build_absolute_uri(
            reverse("admin:clinics_claimrequest_changelist") + "?status__exact=pending"
        )
        _send("claim_to_moderators", {"claim": claim, "link": link}, settings.MODERATORS_EMAIL)


def send_claim_rejected(claim):
    _send("claim_rejected", {"claim": claim}, [claim.email])


def ask_to_confirm(provider, addresses):
    """Check the listing and confirm it: sent CONFIRMATION_REMINDER after the last confirmation."""
    link = settings.SITE_URL + reverse("manage:dashboard")
    _send("confirm_listing", {"provider": provider, "link": link}, addresses)
