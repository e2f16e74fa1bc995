"""
A patient reaching a clinic: an enquiry or a call-back request, the clinic's notes and replies,
how the clinic's inbox is set up, and how often its profile is seen.

An enquiry holds personal data (a name, a phone number or email address, a message) for one
purpose: that the clinic can answer. It keeps no history table (an erased enquiry must leave
no copy), and `erase()` empties every personal field while the row stays to be counted.
"""

import datetime
import hashlib
import secrets
import statistics

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from clinics.models import Membership
from markets import market
from providers.models import Location, Provider, Service


def token_digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


class EnquiryKind(models.TextChoices):
    ENQUIRY = "enquiry", "Enquiry"
    CALL_BACK = "call_back", "Call-back request"


class EnquiryStatus(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    CLOSED = "closed", "Closed"
    SPAM = "spam", "Spam"
    WITHDRAWN = "withdrawn", "Withdrawn by the patient"


# What clinic staff may set; a withdrawn enquiry stays withdrawn.
STAFF_STATUSES = [
    EnquiryStatus.NEW,
    EnquiryStatus.CONTACTED,
    EnquiryStatus.CLOSED,
    EnquiryStatus.SPAM,
]


class BestTime(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday_daytime", "Weekday daytime"
    EVENINGS = "evenings", "Evenings"
    WEEKENDS = "weekends", "Weekends"


def takes_enquiries(provider):
    """Only a listing with staff to read them offers enquiries: nobody else would answer."""
    return Membership.objects.filter(provider=provider).exists()


def working_days_before(moment, days):
    """The moment `days` working days before `moment` (the market's weekends and public
    holidays are not worked)."""
    moment = timezone.localtime(moment)
    while days > 0:
        moment -= datetime.timedelta(days=1)
        if market.current().is_working_day(moment.date()):
            days -= 1
    return moment


class EnquiryQuerySet(models.QuerySet):
    def with_personal_data(self):
        """Enquiries whose personal data is still kept: the ones an inbox shows."""
        return self.filter(erased_at__isnull=True)

    def inbox_order(self):
        """New first, then the rest; newest first within each."""
        is_new = models.Case(
            models.When(status=EnquiryStatus.NEW, then=0),
            default=1,
            output_field=models.IntegerField(),
        )
        return self.order_by(is_new, "-created_at", "-pk")

    def unanswered(self, now=None, working_days=2):
        """Still new after `working_days` working days."""
        since = working_days_before(now or timezone.now(), working_days)
        return self.filter(status=EnquiryStatus.NEW, created_at__lt=since)

    def due_for_erasure(self, now=None):
        """
        Enquiries whose personal data has served its purpose: ENQUIRY_RETENTION_DAYS after
        their status last changed (closed, or left new or contacted that long), spam after
        ENQUIRY_SPAM_RETENTION_DAYS.
        """
        now = now or timezone.now()
        kept = datetime.timedelta(days=settings.ENQUIRY_RETENTION_DAYS)
        spam_kept = datetime.timedelta(days=settings.ENQUIRY_SPAM_RETENTION_DAYS)
        return self.with_personal_data().filter(
            Q(status=EnquiryStatus.SPAM, status_changed_at__lt=now - spam_kept)
            | Q(~Q(status=EnquiryStatus.SPAM), status_changed_at__lt=now - kept)
        )

    def erase(self):
        """Empty the personal fields of these enquiries, delete their notes and replies."""
        now = timezone.now()
        with transaction.atomic():
            ids = list(self.values_list("pk", flat=True))
            EnquiryNote.objects.filter(enquiry_id__in=ids).delete()
            EnquiryReply.objects.filter(enquiry_id__in=ids).delete()
            return Enquiry.objects.filter(pk__in=ids).update(
                name="", phone="", email="", message="", best_times=[], erased_at=now
            )


class Enquiry(models.Model):
    """A patient's enquiry or call-back request to one provider, until its data is erased."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="enquiries")
    kind = models.CharField(max_length=10, choices=EnquiryKind.choices, default=EnquiryKind.ENQUIRY)
    name = models.CharField(max_length=100)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    best_times = models.JSONField(default=list, blank=True)
    location = models.ForeignKey(
        Location, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey(
        Service, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    message = models.TextField(max_length=1000, blank=True)
    # What the patient agreed to, word for word, and when.
    consent = models.TextField()
    consented_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=EnquiryStatus.choices, default=EnquiryStatus.NEW, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    first_reply_at = models.DateTimeField(null=True, blank=True)
    # When the clinic's staff were told of it (one email for every enquiry waiting).
    notified_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    # The patient's private link carries a random token; only its digest is kept.
    token_digest = models.CharField(max_length=64, unique=True, editable=False)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "enquiries"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["provider", "status", "created_at"], name="enquiry_inbox_idx")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.provider} on {self.created_at:%d %b %Y}"

    def new_token(self):
        token = secrets.token_urlsafe(32)
        self.token_digest = token_digest(token)
        return token

    @classmethod
    def for_token(cls, token):
        """The enquiry this private link belongs to while its data is kept, else None."""
        return (
            cls.objects.with_personal_data()
            .select_related("provider", "location", "service")
            .filter(token_digest=token_digest(token))
            .first()
        )

    def get_manage_url(self):
        return reverse("inbox:enquiry", args=[self.provider.slug, self.pk])

    @property
    def is_erased(self):
        return self.erased_at is not None

    def best_times_display(self):
        labels = dict(BestTime.choices)
        return [labels[value] for value in self.best_times if value in labels]

    def set_status(self, status):
        """Move to `status`; leaving "new" for anything but spam counts as the first answer."""
        now = timezone.now()
        if status not in (EnquiryStatus.NEW, EnquiryStatus.SPAM) and not self.first_reply_at:
            self.first_reply_at = now
        if status != self.status:
            self.status = status
            self.status_changed_at = now
        self.save(update_fields=["status", "status_changed_at", "first_reply_at"])

    def replied(self):
        """A reply was sent: the first answer if it is, and a new enquiry becomes contacted."""
        self.set_status(
            EnquiryStatus.CONTACTED if self.status == EnquiryStatus.NEW else self.status
        )

    def withdraw(self):
        """The patient takes the enquiry back: its personal data is erased at once."""
        with transaction.atomic():
            Enquiry.objects.filter(pk=self.pk).update(
                status=EnquiryStatus.WITHDRAWN, status_changed_at=timezone.now()
            )
            Enquiry.objects.filter(pk=self.pk).erase()


class EnquiryNote(models.Model):
    """A private note by the clinic's staff on an enquiry; the patient never sees it."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"Note on {self.enquiry_id} by {self.author}"


class EnquiryReply(models.Model):
    """An email the clinic's staff sent the patient through the site, under the clinic's name."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(max_length=5000)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["sent_at", "pk"]
        verbose_name_plural = "enquiry replies"

    def __str__(self):
        return f"Reply to {self.enquiry_id} by {self.author}"


class ReplyTime(models.IntegerChoices):
    ONE_DAY = 1, "Within one working day"
    TWO_DAYS = 2, "Within two working days"
    THREE_DAYS = 3, "Within three working days"
    A_WEEK = 5, "Within a week"


class InboxSettings(models.Model):
    """
    How a provider's enquiries are handled: which staff are emailed of new ones (all of them
    until someone chooses) and the reply time patients are told to expect.
    """

    provider = models.OneToOneField(
        Provider, on_delete=models.CASCADE, related_name="inbox_settings"
    )
    reply_time = models.PositiveSmallIntegerField(
        choices=ReplyTime.choices,
        default=ReplyTime.TWO_DAYS,
        help_text="What patients are told when they send an enquiry. Keep to it.",
    )
    told = models.ManyToManyField(
        Membership,
        blank=True,
        related_name="+",
        verbose_name="who is emailed of new enquiries",
        help_text="The email says only that enquiries are waiting, with a link to this inbox.",
    )

    class Meta:
        verbose_name_plural = "inbox settings"

    def __str__(self):
        return f"Inbox settings of {self.provider}"

    @classmethod
    def of(cls, provider):
        """The provider's settings, unsaved defaults if none were chosen yet."""
        return cls.objects.filter(provider=provider).first() or cls(provider=provider)

    def recipients(self):
        """The email addresses told of new enquiries."""
        memberships = Membership.objects.filter(provider=self.provider)
        if self.pk and self.told.exists():
            memberships = memberships.filter(pk__in=self.told.all())
        return sorted(
            {email for email in memberships.values_list("user__email", flat=True) if email}
        )


class ProfileViews(models.Model):
    """How many times a listing's profile was seen on one day; nothing about who saw it."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "profile views"
        constraints = [
            models.UniqueConstraint(fields=["provider", "day"], name="one_count_per_listing_day")
        ]

    def __str__(self):
        return f"{self.provider_id} on {self.day}: {self.count}"

    @classmethod
    def count_one(cls, provider, day=None):
        day = day or timezone.localdate()
        counted = cls.objects.filter(provider=provider, day=day).update(count=F("count") + 1)
        if counted:
            return
        try:
            with transaction.atomic():
                cls.objects.create(provider=provider, day=day, count=1)
        except IntegrityError:  # another request created today's row first
            cls.objects.filter(provider=provider, day=day).update(count=F("count") + 1)


def median_reply_time(enquiries):
    """The median time from sending to the first answer, of those answered, or None."""
    waits = [e.first_reply_at - e.created_at for e in enquiries if e.first_reply_at]
    return statistics.median(waits) if waits else None


class ListingEnquiries(Provider):
    """A listing seen for the enquiries it receives: the moderators' count per listing."""

    class Meta:
        proxy = True
        verbose_name = "enquiries per listing"
        verbose_name_plural = "enquiries per listing"
