from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from corrections import emails
from providers.models import Provider


class Problem(models.TextChoices):
    CLOSED = "closed", "It has closed for good"
    HOURS = "hours", "The opening hours are wrong"
    CONTACT = "contact", "A phone number or address is wrong"
    SERVICES = "services", "The services or prices are wrong"
    OTHER = "other", "Something else"


class ReportStatus(models.TextChoices):
    OPEN = "open", "Open"
    FIXED = "fixed", "Fixed"
    REJECTED = "rejected", "Rejected: the listing was right"


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ReportStatus.OPEN)


class Report(models.Model):
    """
    Someone says that something on a listing is wrong. The listing's staff or a moderator
    fixes it (or finds it was right) and closes the report; a reporter who left an email
    address is told, and the address is then forgotten.
    """

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="reports")
    problem = models.CharField("What is wrong?", max_length=10, choices=Problem.choices)
    details = models.TextField(
        max_length=1000,
        blank=True,
        help_text="What it should say, if you know: the right hours, number or address.",
    )
    email = models.EmailField(
        "Your email (optional)",
        blank=True,
        help_text="Only to tell you when the listing has been checked; then it is deleted.",
    )
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(
        max_length=1000,
        blank=True,
        help_text="What was done, in a sentence; the reporter reads it if they left an email.",
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "report of wrong information"
        verbose_name_plural = "reports of wrong information"

    def __str__(self):
        return f"{self.provider}: {self.get_problem_display()}"

    def get_manage_url(self):
        return reverse("reports:list", args=[self.provider.slug])

    def close(self, status, user, note=""):
        """Fixed or rejected: the reporter is told (once this commits), then forgotten."""
        self.status = status
        self.closed_at = timezone.now()
        self.closed_by = user
        self.note = note
        if self.email:
            emails.report_closed(self.provider, status, note, self.email)
            self.email = ""
        self.save(update_fields=["status", "closed_at", "closed_by", "note", "email"])
