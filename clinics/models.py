"""Clinic staff's accounts: who may keep which listing up to date, and how they get there."""

import datetime
import hashlib
import secrets
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils import timezone

from providers.models import Provider


class MembershipRole(models.TextChoices):
    OWNER = "owner", "Owner"
    MEMBER = "member", "Member"


class Membership(models.Model):
    """A user who is staff of a provider and may keep its listing up to date."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(
        max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "provider"], name="unique_membership")
        ]

    def __str__(self):
        return f"{self.user} at {self.provider} ({self.role})"


def _token_digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """
    An invitation for one person to become staff of a provider. The emailed link carries a
    random token; only its SHA-256 digest is stored, it expires, and it works once.
    """

    VALID_FOR = datetime.timedelta(days=7)

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(help_text="Where the invitation is sent.")
    role = models.CharField(
        max_length=10,
        choices=MembershipRole.choices,
        default=MembershipRole.MEMBER,
        help_text="Owners may invite colleagues; members may only edit the listing.",
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} to {self.provider}"

    @classmethod
    def issue(cls, provider, email, role=MembershipRole.MEMBER, invited_by=None):
        """A new invitation and the token for its link (the token is not stored)."""
        invitation = cls(provider=provider, email=email, role=role, invited_by=invited_by)
        token = invitation.new_token()
        invitation.save()
        return invitation, token

    def new_token(self):
        """Give this (unsaved) invitation a fresh token and expiry; returns the token."""
        token = secrets.token_urlsafe(32)
        self.token_digest = _token_digest(token)
        self.expires_at = timezone.now() + self.VALID_FOR
        return token

    @classmethod
    def for_token(cls, token):
        """The invitation this token belongs to, used or not, or None."""
        return (
            cls.objects.select_related("provider").filter(token_digest=_token_digest(token)).first()
        )

    @property
    def is_expired(self):
        return self.expires_at <= timezone.now()

    @property
    def is_used(self):
        return self.accepted_at is not None

    def accept(self, user):
        """Make `user` staff of the provider, once: False when the invitation was already used."""
        updated = Invitation.objects.filter(pk=self.pk, accepted_at__isnull=True).update(
            accepted_at=timezone.now(), accepted_by=user
        )
        if not updated:
            return False
        Membership.objects.get_or_create(
            user=user, provider=self.provider, defaults={"role": self.role}
        )
        return True


class ClaimStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a moderator"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class ClaimRequest(models.Model):
    """A visitor's request to manage an unclaimed listing, until a moderator decides."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="claims")
    name = models.CharField(max_length=150, help_text="Your full name.")
    role = models.CharField(
        max_length=100, help_text="Your role at the practice, such as owner or practice manager."
    )
    email = models.EmailField(
        help_text="Your work email address, preferably at the practice's own domain."
    )
    phone = models.CharField(
        max_length=30, help_text="A number we can call to check, with the country code (+…)."
    )
    verification = models.TextField(
        max_length=2000,
        help_text=(
            "How we can check that you work there: a registration number, a page of the "
            "practice's website that names you, a number to call."
        ),
    )
    status = models.CharField(
        max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING, db_index=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # A double submit, or asking twice, leaves one request waiting per address.
            models.UniqueConstraint(
                fields=["provider", "email"],
                condition=Q(status="pending"),
                name="one_pending_claim_per_email",
            )
        ]

    def __str__(self):
        return f"{self.name} claims {self.provider}"

    def decide(self, status, moderator):
        self.status = status
        self.decided_at = timezone.now()
        self.decided_by = moderator
        self.save(update_fields=["status", "decided_at", "decided_by"])


class Submission(models.Model):
    """
    A form submission that created something, by its one-time key: submitting the same form
    twice (a double click, a reload after a slow response) finds its key taken and adds nothing.
    """

    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key


# Deleted however they are (one by one, "delete selected" in the admin, with their provider):
# cached pages show it on the next request, and a photo takes its three files with it.


class ImportedRecord(models.Model):
    """
    Which object a row of an import file became, by the file's own id for it, so that
    importing the same file again updates those objects instead of adding them twice.
    """

    TARGETS = {
        "branch": "providers.Location",
        "hours": "providers.OpeningHours",
        "service": "providers.ProviderService",
        "practitioner": "providers.Practitioner",
    }

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    record = models.CharField(max_length=20)
    key = models.CharField(max_length=100)
    object_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "record", "key"], name="one_object_per_file_id"
            )
        ]

    def __str__(self):
        return f"{self.provider_id} {self.record} {self.key}"

    def target(self):
        """The object this id became, or None if it has been deleted since."""
        model = apps.get_model(self.TARGETS[self.record])
        return model.objects.filter(pk=self.object_id).first()


def import_file_name(job, filename):
    # Unguessable, with the extension that says how to read it: the file waits in the media
    # storage from its check until it is applied or forgotten.
    return f"imports/{secrets.token_hex(16)}{Path(filename).suffix.lower()}"


class ImportJob(models.Model):
    """
    One file on its way through the bulk import (clinics.imports): checked, then applied, each
    by the task queue (clinics.tasks.run_import), so that a large file shows its progress
    instead of holding a request for a minute. Seen only by the user who uploaded it.
    """

    class State(models.TextChoices):
        CHECKING = "checking", "Checking"
        CHECKED = "checked", "Checked"
        APPLYING = "applying", "Applying"
        APPLIED = "applied", "Applied"
        FAILED = "failed", "Stopped by an error"

    RUNNING = (State.CHECKING, State.APPLYING)
    # How long a job stays listed (with its file, if not applied) before it is forgotten.
    KEPT = datetime.timedelta(days=7)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=import_file_name, blank=True)
    file_name = models.CharField(max_length=255)
    rows = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=State, default=State.CHECKING)
    # What the last run found or did: imports.Outcome.as_data().
    outcome = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name} ({self.get_state_display()})"

    @property
    def running(self):
        return self.state in self.RUNNING

    @property
    def ready_to_apply(self):
        return self.state == self.State.CHECKED and not self.outcome.get("errors")

    # The rows done so far while a run goes on. In the cache, shared by the web and the task
    # queue's processes: the run writes in one transaction, which no one sees until it ends.
    def _progress_key(self):
        return f"import-progress:{self.pk}"

    def rows_done(self):
        if not self.running:
            return self.rows
        return min(cache.get(self._progress_key(), 0), self.rows)

    def record_progress(self, done):
        cache.set(self._progress_key(), done, 60 * 60)

    def start(self, state):
        cache.delete(self._progress_key())
        self.state, self.outcome, self.finished_at = state, {}, None
        self.save(update_fields=["state", "outcome", "finished_at"])

    def finish(self, state, outcome):
        """Keep what the run found; a file applied, or that cannot be applied, is let go."""
        self.state, self.outcome, self.finished_at = state, outcome, timezone.now()
        if state != self.State.CHECKED or outcome.get("errors"):
            self.file.delete(save=False)
        self.save()
