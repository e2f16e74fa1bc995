import hashlib
import secrets
from datetime import timedelta

from django.db import models
from django.utils import timezone


class ApiKeyQuerySet(models.QuerySet):
    def find(self, raw_key):
        """The active key whose secret is `raw_key`, or None."""
        return self.filter(active=True, hashed_key=ApiKey.hash(raw_key)).first()


class ApiKey(models.Model):
    """
    A key to the open-data API (/api/hsds/) for a client that needs more requests than an
    anonymous one: issued in the admin, sent as `Authorization: Bearer <key>` or `X-API-Key`.
    Only a hash of the key is stored; the key itself is shown once, when it is issued.
    """

    name = models.CharField(
        max_length=100, help_text="Who or what uses it, e.g. “City referral app”."
    )
    owner_email = models.EmailField(help_text="Whom to tell about changes to the API or the key.")
    # SHA-256, not a slow password hash: the key is 256 random bits, which no one guesses,
    # and a plain digest can be looked up by an index on every request.
    hashed_key = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(
        max_length=12, editable=False, help_text="The key's first characters, to recognise it."
    )
    limit = models.PositiveIntegerField(
        default=600, help_text="Requests a minute this key may make."
    )
    active = models.BooleanField(default=True, help_text="Untick to refuse the key at once.")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"
        ordering = ["name"]
        # The data package is no model of its own; the API's one model carries its permission.
        permissions = [("rebuild_export", "Can rebuild the open-data package now")]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw_key):
        return hashlib.sha256(raw_key.encode()).hexdigest()

    def issue(self):
        """Give the key a new secret, and return it: the only time it can be read."""
        raw_key = "hsds_" + secrets.token_urlsafe(32)
        self.hashed_key = self.hash(raw_key)
        self.prefix = raw_key[:12]
        return raw_key

    def note_use(self):
        # At most once a minute: a write on every request would cost more than the answer.
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at > timedelta(minutes=1):
            ApiKey.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
