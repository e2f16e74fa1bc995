"""
Clinic staff's accounts' work outside the request (huey, settings.HUEY): password-reset emails,
and forgetting what is no longer needed.
"""

import datetime

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from clinics import emails, imports
from clinics.models import (
    ClaimRequest,
    ClaimStatus,
    ImportJob,
    Invitation,
    Membership,
    Submission,
)
from providers.models import CONFIRMATION_REMINDER, Provider
from providers.tasks import EMAIL_RETRIES

# How long what visitors and staff sent is kept once it has served its purpose.
SUBMISSION_KEYS_KEPT = datetime.timedelta(days=7)
EXPIRED_INVITATIONS_KEPT = datetime.timedelta(days=30)
REJECTED_CLAIMS_KEPT = datetime.timedelta(days=90)


@db_task(retries=EMAIL_RETRIES, retry_delay=60, retry_backoff=2)
def send_password_reset(email, domain, use_https):
    """
    The reset link to every active account with this address, if there is one: looked up here,
    not in the request, so that the request takes as long whether the address has an account
    or not.
    """
    form = PasswordResetForm({"email": email})
    if form.is_valid():
        form.save(
            domain_override=domain,
            use_https=use_https,
            extra_email_context={"site_name": settings.SITE_NAME},
        )


@db_periodic_task(crontab(hour="3", minute="17"))
def forget_what_is_no_longer_needed(now=None):
    """
    Every night: one-time form keys after a week, invitations a month after they expired
    unused, and rejected claims (a name, an email address, a phone number) after 90 days.
    """
    now = now or timezone.now()
    Submission.objects.filter(created_at__lt=now - SUBMISSION_KEYS_KEPT).delete()
    Invitation.objects.filter(
        accepted_at__isnull=True, expires_at__lt=now - EXPIRED_INVITATIONS_KEPT
    ).delete()
    ClaimRequest.objects.filter(
        status=ClaimStatus.REJECTED, decided_at__lt=now - REJECTED_CLAIMS_KEPT
    ).delete()
    for job in ImportJob.objects.filter(created_at__lt=now - ImportJob.KEPT):
        job.file.delete(save=False)
        job.delete()


@db_task()
def run_import(job_id, apply):
    """
    Check an uploaded import file, or apply it (clinics.imports), for the user who uploaded
    it, counting the rows done as it goes (ImportJob.rows_done).
    """
    job = ImportJob.objects.select_related("user").get(pk=job_id)
    try:
        with job.file.open("rb") as stored:
            rows = imports.read(stored)
        outcome = imports.run(rows, job.user, apply=apply, progress=job.record_progress)
    except Exception:
        # Nothing was written (one transaction); the page says the import stopped.
        job.finish(ImportJob.State.FAILED, {})
        raise
    state = ImportJob.State.APPLIED if outcome.applied else ImportJob.State.CHECKED
    job.finish(state, outcome.as_data())


@db_periodic_task(crontab(hour="2", minute="23"))
def remind_to_confirm(now=None):
    """
    Every night: the staff of each listing not confirmed for CONFIRMATION_REMINDER (90 days)
    are asked to check it and confirm it, once in each such period. Returns how many listings.
    """
    now = now or timezone.now()
    due = list(
        Provider.objects.listed()
        .filter(Exists(Membership.objects.filter(provider=OuterRef("pk"))))
        .unconfirmed_for(CONFIRMATION_REMINDER, now)
        .filter(
            Q(confirmation_reminded_at__isnull=True)
            | Q(confirmation_reminded_at__lt=now - CONFIRMATION_REMINDER)
        )
        .prefetch_related("memberships__user")
    )
    for provider in due:
        addresses = sorted({m.user.email for m in provider.memberships.all() if m.user.email})
        if addresses:
            emails.ask_to_confirm(provider, addresses)
    # Not shown anywhere: no listing to rebuild.
    Provider.objects.filter(pk__in=[p.pk for p in due]).update(confirmation_reminded_at=now)
    return len(due)
