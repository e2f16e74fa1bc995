"""
Listings: who provides back-pain care, where, when, and what they offer and treat.

The shape follows Open Referral's HSDS (organisation → location → schedule, with taxonomy
terms, languages and cost options) and schema.org's MedicalBusiness types, so that a listing
can be exported to either without guessing.
"""

import datetime
from functools import partial
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Replace, Right
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from providers import facets, geo
from providers import hours as opening_hours
from providers.expressions import EachRowExists
from providers.fields import FacetsField, SearchDocumentField
from providers.models.terms import Area, Condition, Language, Service


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


# A phone number's last seven digits, whatever was written around them, stored and indexed so
# that listings sharing a number are found without reading every listing (providers.duplicates).
# Seven: the shortest local numbers have as many, and one number written with and without its
# country code ends the same.
PHONE_ENDING_DIGITS = 7


def last_digits(column):
    digits = models.F(column)
    for mark in (" ", "-", "+", "(", ")", "."):
        digits = Replace(digits, models.Value(mark), models.Value(""))
    return models.GeneratedField(
        expression=Right(digits, PHONE_ENDING_DIGITS),
        output_field=models.CharField(max_length=PHONE_ENDING_DIGITS),
        db_persist=True,
        db_index=True,
    )


def international_number(value):
    """A phone number written with its country code: +, then 8 to 15 digits."""
    digits = "".join(c for c in value if c.isdigit())
    if not value.strip().startswith("+") or not 8 <= len(digits) <= 15:
        raise ValidationError(
            "Write the number with its country code, starting with +.", code="international"
        )
    if any(not (c.isdigit() or c in " +-()") for c in value):
        raise ValidationError(
            "Use only digits, spaces, dashes and brackets after the +.", code="characters"
        )


class ProviderKind(models.TextChoices):
    MASSAGE = "massage", _("Massage therapy")
    PAIN_CLINIC = "pain-clinic", _("Pain clinic")
    ACUPUNCTURE = "acupuncture", _("Acupuncture and TCM")
    PHYSIOTHERAPY = "physiotherapy", _("Physiotherapy")
    CHIROPRACTIC = "chiropractic", _("Chiropractic")


# The schema.org type that best describes each kind, for the profile's JSON-LD.
SCHEMA_ORG_TYPES = {
    ProviderKind.MASSAGE: "HealthAndBeautyBusiness",
    ProviderKind.PAIN_CLINIC: "MedicalClinic",
    ProviderKind.ACUPUNCTURE: "MedicalClinic",
    ProviderKind.PHYSIOTHERAPY: "Physiotherapy",
    ProviderKind.CHIROPRACTIC: "MedicalClinic",
}


class ConfirmedAs(models.TextChoices):
    CLINIC = "clinic", _("the clinic")
    MODERATOR = "moderator", _("our moderators")


# A listing's staff are reminded to confirm it this long after it was last confirmed; after
# CONFIRMATION_STALE it is flagged for moderators and the profile says so.
CONFIRMATION_REMINDER = datetime.timedelta(days=90)
CONFIRMATION_STALE = datetime.timedelta(days=365)


class ProviderQuerySet(models.QuerySet):
    def listed(self):
        """What patients may see: published listings."""
        return self.filter(is_published=True)

    def of_kind(self, kinds):
        return self.filter(kind__in=kinds)

    def offering(self, service_ids, price_max=None):
        """Offers any of these services (all services when empty), at or under price_max."""
        found = self
        if service_ids:
            found = found.filter(facets__has_any=facets.tokens(facets.SERVICE, service_ids))
        if price_max is not None:
            offers = ProviderService.objects.filter(provider=OuterRef("pk"), price__lte=price_max)
            if service_ids:
                offers = offers.filter(service_id__in=service_ids)
            found = found.filter(EachRowExists(offers))
        elif not service_ids:
            found = found.filter(Exists(ProviderService.objects.filter(provider=OuterRef("pk"))))
        return found

    def treating(self, condition_ids):
        return self.filter(facets__has_any=facets.tokens(facets.CONDITION, condition_ids))

    def offering_or_treating(self, service_ids, condition_ids):
        """Offers any of these services or treats any of these conditions."""
        return self.filter(
            facets__has_any=facets.tokens(facets.SERVICE, service_ids)
            + facets.tokens(facets.CONDITION, condition_ids)
        )

    def speaking(self, language_ids):
        return self.filter(facets__has_any=facets.tokens(facets.LANGUAGE, language_ids))

    def in_areas(self, area_ids):
        """Has a branch in any of these areas (pass a region's areas to cover the region)."""
        return self.filter(facets__has_any=facets.tokens(facets.AREA, area_ids))

    def with_practitioner_gender(self, genders):
        return self.filter(facets__has_any=facets.tokens(facets.GENDER, genders))

    def verified(self):
        """The ✓ badge: see Credential.verifying() for what it means."""
        return self.filter(is_verified=True)

    def unconfirmed_for(self, age, now=None):
        """Not confirmed for `age` (never confirmed: listed for longer than that)."""
        cutoff = (now or timezone.now()) - age
        return self.filter(
            Q(confirmed_at__lt=cutoff) | Q(confirmed_at__isnull=True, created_at__lt=cutoff)
        )

    def current_wrongly(self, now=None):
        """
        Still counted as current though their confirmation has gone stale since they were
        last rebuilt (the hourly providers.tasks.follow_the_calendar rebuilds them).
        """
        return self.filter(is_current=True).unconfirmed_for(CONFIRMATION_STALE, now)

    def verified_wrongly(self, today=None):
        """
        Marked verified without a verified current licence or registration any more: their
        last one expired (the hourly providers.tasks.follow_the_calendar rebuilds them).
        """
        verifying = Credential.objects.verifying(today).filter(provider=OuterRef("pk"))
        return self.filter(is_verified=True).exclude(Exists(verifying))

    def open_at(self, moment):
        """
        Has a branch open at this moment (an aware datetime), in the site's time zone: by its
        regular hours, unless a dated exception replaces them that day, or by the exception.
        The facets give the candidates (open at some time in this hour, or with special
        hours today or last night) and settle most of them (open for the whole hour, no
        exception today or yesterday); the hours and exceptions themselves decide the rest.
        """
        local = timezone.localtime(moment)
        regular = OpeningHours.objects.filter(location__provider=OuterRef("pk")).covering_on(
            local.date(), local.time()
        )
        special = OpeningException.objects.filter(location__provider=OuterRef("pk")).covering(
            local.date(), local.time()
        )
        return self.filter(facets__has_any=facets.open_at_tokens(local)).filter(
            Q(facets__matches=facets.certainly_open_at(local))
            | EachRowExists(regular)
            | EachRowExists(special)
        )

    def open_now(self):
        return self.open_at(timezone.now())

    def open_during(self, weekdays=(), after=None, before=None):
        """
        Has a branch open at some moment on one of these weekdays (any day when empty),
        at or after `after` and before `before` (times; either may be None). The facets
        answer it alone when the times are whole hours; otherwise they give the candidates
        and the hours decide.
        """
        found = self.filter(facets__has_any=facets.open_during_tokens(weekdays, after, before))
        if facets.on_the_hour(after, before):
            return found
        intervals = OpeningHours.objects.filter(location__provider=OuterRef("pk")).during(
            weekdays, after, before
        )
        return found.filter(EachRowExists(intervals))

    def near(self, point, radius_km):
        """
        Has a branch within radius_km of point. Providers are first narrowed by the grid cells
        around the point (filter facets, read from their index with the other filters), then
        their branches by a bounding box on latitude and longitude, then measured exactly
        (great-circle distance).
        """
        box = geo.bounding_box(point, radius_km)
        within = (
            Location.objects.filter(
                provider=OuterRef("pk"),
                latitude__range=(box.min_latitude, box.max_latitude),
                longitude__range=(box.min_longitude, box.max_longitude),
            )
            .alias(d=geo.distance_expression(point))
            .filter(d__lte=radius_km)
        )
        found = self
        cells = geo.cells_covering(point, radius_km)
        if cells:
            found = found.filter(facets__has_any=cells)
        return found.filter(EachRowExists(within))

    def with_lowest_price(self, service_ids=()):
        """
        Annotate `lowest_price`: the lowest price of these services (of any service when
        empty) the provider states; None when every one is "price on request".
        """
        offers = ProviderService.objects.filter(provider=OuterRef("pk"), price__isnull=False)
        if service_ids:
            offers = offers.filter(service_id__in=service_ids)
        lowest = offers.order_by("price").values("price")[:1]
        return self.annotate(
            lowest_price=Subquery(
                lowest, output_field=models.DecimalField(max_digits=8, decimal_places=2)
            )
        )

    def with_distance(self, point):
        """Annotate `distance_km`: how far each provider's nearest branch is from point."""
        nearest = (
            Location.objects.filter(provider=OuterRef("pk"), latitude__isnull=False)
            .annotate(d=geo.distance_expression(point))
            .order_by("d")
            .values("d")[:1]
        )
        return self.annotate(distance_km=Subquery(nearest, output_field=models.FloatField()))


class Provider(models.Model):
    """An organisation that provides back-pain care: a clinic, or a therapist working alone."""

    # The row's identifier in the open data (api/: HSDS 3.0), never reused or changed, so that
    # those who copy the data can follow a listing across exports.
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200, help_text="The name patients know you by.")
    slug = models.SlugField(max_length=220, unique=True, help_text="Used in the profile's address.")
    kind = models.CharField(
        max_length=20,
        choices=ProviderKind.choices,
        db_index=True,
        help_text="The main kind of care you provide.",
    )
    description = models.TextField(
        blank=True, help_text="What you do and for whom, in plain words. A few short paragraphs."
    )
    website = models.URLField(blank=True, help_text="Your own site, starting with https://.")
    email = models.EmailField(blank=True, help_text="Where patients can write to you.")
    phone = models.CharField(
        max_length=30, blank=True, help_text="Main number, with the country code (+…)."
    )
    phone_ending = last_digits("phone")
    whatsapp = models.CharField(
        "WhatsApp number",
        max_length=30,
        blank=True,
        validators=[international_number],
        help_text="A number patients may message on WhatsApp, with the country code (+…).",
    )
    booking_url = models.URLField(
        "Online booking page",
        blank=True,
        help_text="Where patients can book an appointment themselves, on your own site.",
    )
    accepting_new_patients = models.BooleanField(
        null=True,
        blank=True,
        help_text="Whether you are taking on new patients at the moment. Leave unknown to say "
        "nothing.",
    )
    video_consultations = models.BooleanField(
        default=False, help_text="You also see patients by video call."
    )
    languages = models.ManyToManyField(
        Language,
        blank=True,
        related_name="providers",
        help_text="Languages patients can consult in.",
    )
    services = models.ManyToManyField(
        Service, through="ProviderService", blank=True, related_name="providers"
    )
    conditions = models.ManyToManyField(
        Condition,
        blank=True,
        related_name="providers",
        help_text="Conditions you treat.",
    )
    home_visits = models.BooleanField(default=False, help_text="You treat patients at home.")
    wheelchair_accessible = models.BooleanField(
        default=False, help_text="Every branch can be entered and used in a wheelchair."
    )
    accessibility_notes = models.CharField(
        max_length=300,
        blank=True,
        help_text="Anything else about access: lifts, parking, ramps, an accessible toilet.",
    )
    is_published = models.BooleanField(
        default=True, help_text="Shown to patients. Untick to hide the listing."
    )
    is_verified = models.BooleanField(
        default=False,
        db_index=True,
        editable=False,
        help_text=(
            "The ✓ badge, derived from the credentials: a moderator has checked at least one "
            "current licence or registration of this provider or its practitioners."
        ),
    )
    hours_reviewed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When staff last saved or confirmed the opening hours.",
    )
    # HSDS's assured_date: when someone last confirmed that everything shown is still right.
    confirmed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When the clinic or a moderator last confirmed every detail of the listing.",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    confirmed_as = models.CharField(
        max_length=10, choices=ConfirmedAs.choices, blank=True, editable=False
    )
    confirmation_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Derived (providers.derived), for "best match" (docs/search.md): whether the details were
    # confirmed, or the listing added, within CONFIRMATION_STALE, and the listing's points for
    # what a patient can trust and use.
    is_current = models.BooleanField(default=False, editable=False)
    quality = models.PositiveSmallIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When anything the listing shows last changed: its own details, or a branch, an offer,
    # opening hours, a dated closure… Stamped by providers.changes after the change commits
    # (updated_at moves only with the provider's own row); the open data's last_modified.
    content_modified = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    # Derived from the listing by providers.derived (search text and filter facets); never edited.
    search_document = SearchDocumentField(null=True, editable=False)
    search_terms = models.TextField(
        blank=True,
        default="",
        editable=False,
        help_text="Name, kind, services and conditions in lowercase, for typo-tolerant search.",
    )
    facets = FacetsField(null=True, editable=False)

    objects = ProviderQuerySet.as_manager()
    # The search fields are derived from the rest and rebuilt on save: not worth a history.
    history = HistoricalRecords(
        m2m_fields=[languages, conditions],
        excluded_fields=[
            "uuid",
            "search_document",
            "search_terms",
            "facets",
            "confirmation_reminded_at",
            "phone_ending",
            "is_current",
            "quality",
            "content_modified",
        ],
    )

    class Meta:
        ordering = ["name"]
        # Pages in name order. Not (is_published, name): nearly every provider is published,
        # and PostgreSQL would still AND that index into filter-facet scans, at 5 ms a time.
        # Verified first, then by name: an article's "Find care for this" reads its few
        # providers from the front of that index instead of sorting every match.
        indexes = [
            models.Index(fields=["name"], name="provider_name_idx"),
            models.Index(fields=["-is_verified", "name"], name="provider_verified_name_idx"),
            # "Best match" among many matches of the same relevance reads the best first.
            models.Index(fields=["-quality", "name", "id"], name="provider_quality_name_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("providers:detail", args=[self.slug])

    @property
    def schema_org_type(self):
        return SCHEMA_ORG_TYPES.get(self.kind, "MedicalBusiness")

    def opening_status(self, moment=None):
        """
        When this provider is next open, from its branches' regular hours and recent
        exceptions (LocationQuerySet.with_hours prefetches them).
        """
        moment = timezone.localtime(moment or timezone.now())
        branches = list(self.locations.all())
        intervals = [h for branch in branches for h in branch.hours.all()]
        exceptions = [e for branch in branches for e in branch.recent_exceptions]
        return opening_hours.status(intervals, moment, exceptions)

    def main_location(self):
        branches = list(self.locations.all())
        return branches[0] if branches else None

    def confirm(self, user, confirmed_as=ConfirmedAs.CLINIC):
        """Everything on the listing is still correct, says `user` (staff or a moderator)."""
        self.confirmed_at = timezone.now()
        self.confirmed_by = user
        self.confirmed_as = confirmed_as
        self.save(update_fields=["confirmed_at", "confirmed_by", "confirmed_as", "updated_at"])

    def unconfirmed_for(self, age, now=None):
        """Not confirmed for `age` (never confirmed: listed for longer than that)."""
        since = self.confirmed_at or self.created_at
        return since is not None and (now or timezone.now()) - since > age

    def confirmation_is_stale(self):
        """What the profile warns of, and moderators see flagged."""
        return self.unconfirmed_for(CONFIRMATION_STALE)


class ProviderCard(models.Model):
    """
    What a provider's result card shows beyond its own fields, kept as one JSON document: its
    languages; its branches with their areas, regular hours and exceptions from the day before
    it was built on; and its offers (providers.cards). Derived from the listing by
    providers.derived, never edited.

    Gathering all that at every page of results took most of the page's time in the database;
    read from here, a page of cards is one query. In a table of its own, so that the provider
    rows the searches read stay narrow.
    """

    provider = models.OneToOneField(
        Provider, on_delete=models.CASCADE, primary_key=True, related_name="card"
    )
    data = models.JSONField()

    def __str__(self):
        return f"Card of {self.provider_id}"


class ProviderService(models.Model):
    """A service as one provider offers it: its price and how long a session lasts."""

    # The row's identifier in the open data (api/: HSDS 3.0), never reused or changed, so that
    # those who copy the data can follow a listing across exports.
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="offers")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="offers")
    price = models.DecimalField(
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Price of one session, in the site's currency. Empty: price on request.",
    )
    duration_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(600)],
        help_text="How long one session lasts, in minutes.",
    )
    notes = models.CharField(
        max_length=200, blank=True, help_text="Anything a patient should know: packages, …"
    )

    history = HistoricalRecords(excluded_fields=["uuid"])

    class Meta:
        ordering = ["service__name"]
        constraints = [models.UniqueConstraint(fields=["provider", "service"], name="unique_offer")]
        indexes = [models.Index(fields=["service", "price"])]

    def __str__(self):
        return f"{self.service} at {self.provider}"


class LocationQuerySet(models.QuerySet):
    def with_hours(self, today=None):
        """
        Prefetch each branch's regular hours, and as `recent_exceptions` its opening exceptions
        from the day before `today` on (a night's special hours may run past midnight).
        """
        today = today or timezone.localdate()
        recent = OpeningException.objects.filter(date__gte=today - datetime.timedelta(days=1))
        return self.prefetch_related(
            "hours", Prefetch("exceptions", queryset=recent, to_attr="recent_exceptions")
        )


class Location(models.Model):
    """A branch: a place where the provider sees patients, with its own hours."""

    # The row's identifier in the open data (api/: HSDS 3.0), never reused or changed, so that
    # those who copy the data can follow a listing across exports.
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(
        max_length=100, help_text="How patients tell branches apart, such as “Tampines branch”."
    )
    address = models.CharField(max_length=300, help_text="Street address, building and unit.")
    postal_code = models.CharField(max_length=12, blank=True, db_index=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="locations")
    latitude = models.FloatField(null=True, blank=True, db_index=True)
    longitude = models.FloatField(null=True, blank=True, db_index=True)
    phone = models.CharField(max_length=30, blank=True, help_text="This branch's number.")
    phone_ending = last_digits("phone")

    objects = LocationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["uuid", "phone_ending"])

    class Meta:
        ordering = ["name", "pk"]
        # The distance search's bounding box, read from an index alone (with the provider
        # each branch belongs to). Both orders, so that PostgreSQL can start from whichever
        # side of the box holds fewer branches: in a market wider than it is tall, a box
        # spans less of the longitudes than of the latitudes.
        indexes = [
            models.Index(fields=["latitude", "longitude", "provider"], name="location_box_idx"),
            models.Index(fields=["longitude", "latitude", "provider"], name="location_box_lng_idx"),
        ]

    def __str__(self):
        return f"{self.provider} – {self.name}"

    def week(self, today=None):
        """
        Seven days of opening hours from Monday, each with its intervals and exceptions (from
        the queryset's with_hours()).
        """
        return opening_hours.week(
            self.hours.all(), today=today or timezone.localdate(), exceptions=self.recent_exceptions
        )


class OpeningHoursQuerySet(models.QuerySet):
    def covering(self, weekday, at):
        """Intervals open at this weekday and time, including last night's past midnight."""
        yesterday = (weekday - 1) % 7
        same_day = Q(weekday=weekday) & (
            # A normal interval: 09:00–18:00.
            Q(opens__lte=at, closes__gt=at, opens__lt=models.F("closes"))
            # Starts today and runs past midnight (closes ≤ opens, as 22:00–02:00 or 00:00–00:00).
            | Q(opens__lte=at, closes__lte=models.F("opens"))
        )
        from_yesterday = Q(weekday=yesterday, closes__lte=models.F("opens"), closes__gt=at)
        return self.filter(same_day | from_yesterday)

    def covering_on(self, date, at):
        """
        Like `covering`, on a date: a day with an opening exception for the branch loses
        its regular hours, including what runs past midnight into the next day.
        """
        yesterday = date - datetime.timedelta(days=1)
        same_day = Q(weekday=date.weekday()) & (
            Q(opens__lte=at, closes__gt=at, opens__lt=models.F("closes"))
            | Q(opens__lte=at, closes__lte=models.F("opens"))
        )
        from_yesterday = Q(
            weekday=yesterday.weekday(), closes__lte=models.F("opens"), closes__gt=at
        )
        on = OpeningException.objects.filter(location=OuterRef("location"))
        return self.filter(
            (same_day & ~Exists(on.filter(date=date)))
            | (from_yesterday & ~Exists(on.filter(date=yesterday)))
        )

    def during(self, weekdays=(), after=None, before=None):
        """
        Intervals open at some moment on one of these weekdays (all days when empty) at or
        after `after` and before `before`. An interval past midnight (22:00–02:00) counts
        for its own day until midnight and for the next day from midnight to its close.
        """
        days = sorted(set(weekdays)) or list(range(7))
        overnight = Q(closes__lte=models.F("opens"))
        same_day = Q(weekday__in=days)
        # Today's part of an interval is [opens, closes) or, past midnight, [opens, 24:00).
        if after is not None:
            same_day &= overnight | Q(closes__gt=after)
        if before is not None:
            same_day &= Q(opens__lt=before)
        # Yesterday's interval past midnight is open today over [00:00, closes).
        spill = Q(weekday__in=[(day - 1) % 7 for day in days]) & overnight
        spill &= Q(closes__gt=after) if after is not None else Q(closes__gt="00:00")
        return self.filter(same_day | spill)


class OpeningHours(models.Model):
    """
    One interval a branch is open on a weekday. Several rows a day are allowed; a day with
    none is closed. An interval whose closing time is not after its opening time runs past
    midnight (22:00–02:00); 00:00–00:00 means open all day.
    """

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="hours")
    # The row's identifier in the open data (api/: HSDS 3.0), never reused or changed, so that
    # those who copy the data can follow a listing across exports.
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField(help_text="Earlier than opening time means past midnight.")

    objects = OpeningHoursQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["uuid"])

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name_plural = "opening hours"
        indexes = [models.Index(fields=["weekday", "opens", "closes"])]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    @property
    def overnight(self):
        return self.closes <= self.opens


class OpeningExceptionQuerySet(models.QuerySet):
    def covering(self, date, at):
        """Special hours open on this date at this time, including last night's past midnight."""
        yesterday = date - datetime.timedelta(days=1)
        same_day = Q(date=date) & (
            Q(opens__lte=at, closes__gt=at, opens__lt=models.F("closes"))
            | Q(opens__lte=at, closes__lte=models.F("opens"))
        )
        from_yesterday = Q(date=yesterday, closes__lte=models.F("opens"), closes__gt=at)
        return self.filter(Q(closed=False) & (same_day | from_yesterday))

    def upcoming(self, today=None):
        return self.filter(date__gte=today or timezone.localdate())


class OpeningException(models.Model):
    """
    A date on which a branch's regular hours do not apply: a public holiday, a closure, or
    special hours. It replaces that weekday's hours for the date (several rows of special
    hours a day are allowed; a closure is one row).
    """

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="exceptions")
    # The row's identifier in the open data (api/: HSDS 3.0), never reused or changed, so that
    # those who copy the data can follow a listing across exports.
    uuid = models.UUIDField(default=uuid4, unique=True, editable=False)
    date = models.DateField(help_text="The day the exception applies to.")
    closed = models.BooleanField(
        default=True, help_text="Closed all day. Untick to give special opening hours instead."
    )
    opens = models.TimeField(null=True, blank=True, help_text="Special hours: opening time.")
    closes = models.TimeField(
        null=True,
        blank=True,
        help_text="Special hours: closing time. Earlier than opening time means past midnight.",
    )
    reason = models.CharField(
        max_length=100, blank=True, help_text="Shown to patients, such as “Christmas Day”."
    )

    objects = OpeningExceptionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["uuid"])

    class Meta:
        ordering = ["date", "opens"]
        constraints = [
            # A double submit cannot add the same closure or the same special hours twice.
            models.UniqueConstraint(
                fields=["location", "date"],
                condition=Q(closed=True),
                name="unique_closure_per_day",
            ),
            models.UniqueConstraint(
                fields=["location", "date", "opens"], name="unique_special_hours"
            ),
            models.CheckConstraint(
                condition=Q(closed=True, opens__isnull=True, closes__isnull=True)
                | Q(closed=False, opens__isnull=False, closes__isnull=False),
                name="opening_exception_closed_or_hours",
            ),
        ]

    def __str__(self):
        day = f"{self.date:%d %b %Y}" if self.date else "No date"
        if self.closed:
            return f"{day}: closed"
        if self.opens is None or self.closes is None:
            return f"{day}: special hours"
        return f"{day}: {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self):
        if self.closed:
            self.opens = self.closes = None
            return
        missing = {
            name: "Give the special hours, or tick “Closed all day”."
            for name in ("opens", "closes")
            if getattr(self, name) is None
        }
        if missing:
            raise ValidationError(missing)


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    NON_BINARY = "non-binary", _("Non-binary")


class Practitioner(models.Model):
    """A person who treats patients at a provider."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="practitioners")
    name = models.CharField(max_length=150)
    gender = models.CharField(
        max_length=12,
        choices=Gender.choices,
        blank=True,
        help_text="Some patients prefer a therapist of a given gender. Leave empty not to say.",
    )
    years_of_practice = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(80)]
    )
    languages = models.ManyToManyField(Language, blank=True, related_name="practitioners")
    training = models.TextField(
        blank=True, help_text="Training and qualifications: school, programme, year."
    )
    approach = models.TextField(
        blank=True,
        help_text="How you treat back pain and what a first session looks like, in plain words.",
    )

    history = HistoricalRecords(m2m_fields=[languages])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def languages_spoken(self):
        """Names of the languages this practitioner speaks (prefetched), sorted."""
        return sorted(language.name for language in self.languages.all())


class CredentialKind(models.TextChoices):
    LICENCE = "licence", _("Licence")
    REGISTRATION = "registration", _("Registration")
    MEMBERSHIP = "membership", _("Professional membership")
    CERTIFICATION = "certification", _("Certification")


# What a moderator can check against an issuing body's public register; memberships and
# certificates may be verified too, but do not earn the provider the ✓ badge.
VERIFYING_KINDS = ("licence", "registration")


class CredentialQuerySet(models.QuerySet):
    def current(self, today=None):
        """Valid today (the site's time zone): one that expired yesterday is not."""
        today = today or timezone.localdate()
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))

    def verifying(self, today=None):
        """
        What gives a provider its ✓ badge and `verified=on`: a current licence or registration
        of the provider or one of its practitioners that a moderator has checked.
        """
        return self.filter(is_verified=True, kind__in=VERIFYING_KINDS).current(today)


class Credential(models.Model):
    """A licence, registration or membership that a provider or practitioner holds."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="credentials")
    practitioner = models.ForeignKey(
        Practitioner,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="credentials",
        help_text="Whose credential this is; empty when it belongs to the provider itself.",
    )
    kind = models.CharField(max_length=20, choices=CredentialKind.choices)
    issuing_body = models.CharField(
        max_length=200, help_text="Who issued it: a board, council, licensing authority, …"
    )
    number = models.CharField(max_length=60, blank=True, help_text="Registration number.")
    valid_until = models.DateField(null=True, blank=True, help_text="Empty if it never expires.")
    is_verified = models.BooleanField(default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    objects = CredentialQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["issuing_body"]
        permissions = [("verify_credential", "Can mark a credential verified")]

    # A change to any of these means a moderator must check the credential again.
    CHECKED_FIELDS = ("kind", "issuing_body", "number", "valid_until", "practitioner_id")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.issuing_body}"

    def save(self, *args, **kwargs):
        # Whoever changes what was checked (staff, an import, a shell), the check no longer
        # holds, unless a moderator verifies it in this same change.
        if self.check_no_longer_holds():
            self.clear_verification()
        super().save(*args, **kwargs)
        self.loaded = {name: getattr(self, name) for name in (*self.CHECKED_FIELDS, "verified_at")}

    @classmethod
    def from_db(cls, db, field_names, values):
        credential = super().from_db(db, field_names, values)
        credential.loaded = dict(zip(field_names, values, strict=True))
        return credential

    def check_no_longer_holds(self):
        """Verified, and what was checked has changed since, with no new verification."""
        loaded = getattr(self, "loaded", {})
        return (
            self.is_verified
            and "verified_at" in loaded
            and self.verified_at == loaded["verified_at"]
            and any(
                getattr(self, name) != loaded[name]
                for name in self.CHECKED_FIELDS
                if name in loaded
            )
        )

    @property
    def is_expired(self):
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    def mark_verified(self, user):
        self.is_verified = True
        self.verified_by = user
        self.verified_at = timezone.now()

    def clear_verification(self):
        self.is_verified = False
        self.verified_by = None
        self.verified_at = None


class PhotoQuerySet(models.QuerySet):
    def prepared(self):
        """Photos re-encoded and thumbnailed (providers.tasks.prepare_photo): the ones shown."""
        return self.exclude(thumbnail="")


class Photo(models.Model):
    """
    A picture of the provider's rooms or team, shown on the profile in order once prepared: a
    new upload is re-encoded without its metadata, and two thumbnails made from it, by the task
    queue (providers.tasks.prepare_photo), out of the request.
    """

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        upload_to="providers/photos/%Y/%m/",
        help_text="A JPEG, PNG or WebP picture, up to 10 MB and 24 megapixels.",
    )
    thumbnail = models.ImageField(upload_to="providers/photos/%Y/%m/", blank=True, editable=False)
    thumbnail_large = models.ImageField(
        upload_to="providers/photos/%Y/%m/", blank=True, editable=False
    )
    alt_text = models.CharField(
        max_length=200, help_text="What the photo shows, for people who cannot see it."
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    objects = PhotoQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        # A file other than the one loaded from the database is a new upload, to prepare.
        uploaded = bool(self.image) and self.image.name != getattr(self, "loaded_image", None)
        super().save(*args, **kwargs)
        self.loaded_image = self.image.name
        if uploaded and not self.thumbnail:
            from providers import tasks

            transaction.on_commit(partial(tasks.queue, tasks.prepare_photo, self.pk))

    @classmethod
    def from_db(cls, db, field_names, values):
        photo = super().from_db(db, field_names, values)
        photo.loaded_image = photo.image.name
        return photo

    @property
    def is_prepared(self):
        return bool(self.thumbnail)

    def files(self):
        return [f for f in (self.image, self.thumbnail, self.thumbnail_large) if f]

    @property
    def display_url(self):
        return (self.thumbnail_large or self.image).url


class DuplicateStatus(models.TextChoices):
    OPEN = "open", "To check"
    MERGED = "merged", "Merged"
    DISMISSED = "dismissed", "Not the same"


class PossibleDuplicate(models.Model):
    """
    Two listings that may be one practice (the same phone number, or a branch at the same
    postal code under a similar name), found when a listing is added or claimed
    (providers.duplicates). A moderator merges `listing` into `existing`, or dismisses the pair.
    """

    listing = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    existing = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200)
    found_when = models.CharField(max_length=100)
    status = models.CharField(
        max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN, db_index=True
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "existing"], name="one_pair_once")
        ]

    def __str__(self):
        return f"{self.listing} and {self.existing}"

    def decide(self, status, moderator):
        self.status = status
        self.decided_at = timezone.now()
        self.decided_by = moderator
        self.save(update_fields=["status", "decided_at", "decided_by"])
