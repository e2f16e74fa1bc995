"""The emails the directory sends clinic staff: invitations and answers to claim requests."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse


def _send(template, context, to):
    context = {"SITE_NAME": settings.SITE_NAME, **context}
    subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
    body = render_to_string(f"emails/{template}.txt", context)
    send_mail(subject, body, None, to)


def send_invitation(request, invitation, token):
    link = request.build_absolute_uri(reverse("accept_invitation", args=[token]))
    _send(
        "invitation",
        {"invitation": invitation, "link": link, "valid_days": invitation.VALID_FOR.days},
        [invitation.email],
    )


def send_claim_received(request, claim):
    _send("claim_received", {"claim": claim}, [claim.email])
    if settings.MODERATORS_EMAIL:
        link = request.build_absolute_uri(
            reverse("admin:clinics_claimrequest_change", args=[claim.pk])
        )
        _send("claim_to_moderators", {"claim": claim, "link": link}, settings.MODERATORS_EMAIL)


def send_claim_rejected(claim):
    _send("claim_rejected", {"claim": claim}, [claim.email])
