"""
Work done outside the request (huey): emails are queued once the request's changes commit, a
mail server that refuses them delays them and never loses them, and the nightly clean-up.
"""

import datetime
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from clinics.models import ClaimRequest, Invitation, Submission
from clinics.tasks import forget_what_is_no_longer_needed
from providers.tasks import EMAIL_RETRIES
from tests.clinics.fixtures import CLAIM
from tests.factories import ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


class MailServerDown(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_an_email_the_mail_server_refuses_is_sent_later_not_lost(client, settings):
    settings.EMAIL_BACKEND = "tests.site.test_tasks.MailServerDown"
    provider = ProviderFactory()

    response = client.post(reverse("claim_listing", args=[provider.slug]), CLAIM)

    assert response.status_code == 302
    assert ClaimRequest.objects.filter(provider=provider).exists()
    assert mail.outbox == []
    (retry,) = HUEY.scheduled()
    assert retry.retries == EMAIL_RETRIES - 1
    assert retry.eta > datetime.datetime.now(datetime.UTC).replace(tzinfo=None)

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    HUEY.execute(retry, timestamp=retry.eta)  # as the consumer does when it is due

    assert [message.to for message in mail.outbox] == [[CLAIM["email"]]]


def test_email_subjects_are_plain_text(client, settings):
    settings.MODERATORS_EMAIL = ["moderators@example.org"]
    provider = ProviderFactory(name="Ficus Square TCM & Acupuncture")

    client.post(reverse("claim_listing", args=[provider.slug]), CLAIM)

    subjects = [message.subject for message in mail.outbox]
    assert "Claim request: Ficus Square TCM & Acupuncture" in subjects
    assert all("&amp;" not in subject for subject in subjects)


def test_the_password_reset_request_looks_the_address_up_outside_the_request(client, task_queue):
    UserFactory(email="known@example.org")
    for address in ["known@example.org", "nobody@example.org"]:
        response = client.post(reverse("password_reset"), {"email": address})
        assert response.status_code == 302
    assert mail.outbox == []
    assert len(task_queue.pending()) == 2

    task_queue.run_pending()

    assert [message.to for message in mail.outbox] == [["known@example.org"]]


def test_the_nightly_clean_up_forgets_what_is_no_longer_needed(settings):
    now = timezone.now()
    old_key = Submission.objects.create(key="old")
    Submission.objects.filter(pk=old_key.pk).update(created_at=now - datetime.timedelta(days=8))
    Submission.objects.create(key="new")
    provider = ProviderFactory()
    expired, _ = Invitation.issue(provider, "late@example.org")
    Invitation.objects.filter(pk=expired.pk).update(expires_at=now - datetime.timedelta(days=31))
    pending, _ = Invitation.issue(provider, "soon@example.org")
    rejected = ClaimRequest.objects.create(provider=provider, **CLAIM, status="rejected")
    ClaimRequest.objects.filter(pk=rejected.pk).update(decided_at=now - datetime.timedelta(days=91))

    forget_what_is_no_longer_needed.call_local()

    assert list(Submission.objects.values_list("key", flat=True)) == ["new"]
    assert list(Invitation.objects.all()) == [pending]
    assert not ClaimRequest.objects.exists()


def test_when_the_queue_cannot_be_reached_the_email_is_sent_at_once(client, monkeypatch):
    def unreachable(task):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(HUEY, "enqueue", unreachable)
    provider = ProviderFactory()

    response = client.post(reverse("claim_listing", args=[provider.slug]), CLAIM)

    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[CLAIM["email"]]]
