"""
The directory's data: who provides back-pain care, where, when, what they offer and treat.

The shape follows Open Referral's HSDS (organisation → location → schedule, with taxonomy
terms, languages and cost options) and schema.org's MedicalBusiness types, so that a listing
can be exported to either without guessing.
"""

import datetime
import hashlib
import json
import secrets
from functools import cached_property, lru_cache

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connections, models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, pre_delete
from django.db.models.sql.where import WhereNode
from django.dispatch import receiver
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from backpain_site.pagecache import bump_generation
from providers import facets, geo, storedcards
from providers import hours as opening_hours
from providers.aggregates import JSONList, JSONRow, JSONRows
from providers.expressions import EachRowExists
from providers.fields import FacetsField, SearchDocumentField


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class PublicData(models.Model):
    """
    Rows that public pages are built from. Saving or deleting one bumps the page-cache
    generation, so cached pages and the cached vocabulary show the change on the next request,
    and rebuilds the search document and filter facets (providers.search.refresh_documents)
    of the providers `searched_providers()` names. Deleting is caught by signals, so that a
    queryset's delete() (the admin's "delete selected") counts as well as the model's.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.changed()

    def searched_providers(self):
        """Ids of the providers whose search data this row is part of (a list or a query)."""
        return []

    def searched_providers_when_deleted(self):
        """The providers whose search data deleting this row changes: by default the same."""
        return self.searched_providers()

    def changed(self):
        from providers import search

        bump_generation()
        search.refresh_documents(self.searched_providers())


def _deleted_for_itself(instance, origin):
    """
    Whether a row is deleted in its own right, not by cascade. What cascades from a row is
    part of the same providers' search data (a branch's hours), which that row's own
    deletion rebuilds once the cascade is done.
    """
    if isinstance(origin, models.QuerySet):
        return origin.model is type(instance)
    return origin is None or origin is instance


@receiver(pre_delete)
def _note_searched_providers(sender, instance, origin=None, **kwargs):
    # Before the rows saying so are deleted with it (a condition's links to its providers).
    if isinstance(instance, PublicData) and _deleted_for_itself(instance, origin):
        instance._searched_before_delete = list(instance.searched_providers_when_deleted())


@receiver(post_delete)
def _public_data_deleted(sender, instance, origin=None, **kwargs):
    if isinstance(instance, PublicData) and _deleted_for_itself(instance, origin):
        from providers import search

        bump_generation()
        search.refresh_documents(getattr(instance, "_searched_before_delete", []))


class TaxonomyTerm(PublicData):
    """A named, linkable term in one of the directory's vocabularies."""

    name = models.CharField(max_length=100, unique=True, help_text="As patients would say it.")
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Used in web addresses; lowercase, hyphens."
    )
    description = models.TextField(
        blank=True, help_text="One or two plain sentences shown on the term's landing page."
    )

    # The fields the providers the term applies to show in their derived data (search
    # documents, result cards): saving a change to one rebuilds theirs (searched_providers).
    shown_fields = ("name",)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        # Only a change to what providers show rebuilds their data; any other edit does not.
        shown = {name: getattr(self, name) for name in self.shown_fields}
        self._renamed = (
            self.pk is not None and type(self).objects.filter(pk=self.pk).exclude(**shown).exists()
        )
        super().save(*args, **kwargs)


class AreaQuerySet(models.QuerySet):
    def regions(self):
        return self.filter(parent__isnull=True)

    def subareas(self):
        return self.filter(parent__isnull=False)


class Area(TaxonomyTerm):
    """
    A place in a two-level tree: a region (no parent) or an area inside one.

    In the demo data these are Singapore's five regions and their planning areas; elsewhere
    they could be states and cities, or boroughs and neighbourhoods.
    """

    name = models.CharField(max_length=100, help_text="The place's usual name.")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text="The region this area belongs to; empty for a region.",
    )
    latitude = models.FloatField(null=True, blank=True, help_text="Approximate centre.")
    longitude = models.FloatField(null=True, blank=True, help_text="Approximate centre.")

    objects = AreaQuerySet.as_manager()

    class Meta(TaxonomyTerm.Meta):
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="unique_area_name_in_parent")
        ]

    # Result cards show each branch's area and region by name (ProviderCard).
    shown_fields = ("name", "parent_id")

    def get_absolute_url(self):
        return reverse("providers:area", args=[self.slug])

    def searched_providers(self):
        if not getattr(self, "_renamed", False):
            return []
        located = Location.objects.filter(Q(area=self) | Q(area__parent=self))
        return located.values_list("provider_id", flat=True).distinct()

    @property
    def is_region(self):
        return self.parent_id is None


class ProviderTerm(TaxonomyTerm):
    """
    A term providers are linked to (its related name: `providers`), which is among their
    filter facets, and whose name their search documents (services, conditions) or result
    cards (services, languages) show: deleting it, or giving it a new name, changes their
    derived data.
    """

    class Meta(TaxonomyTerm.Meta):
        abstract = True

    def searched_providers(self):
        return self.searched_providers_when_deleted() if getattr(self, "_renamed", False) else []

    def searched_providers_when_deleted(self):
        return self.providers.values_list("pk", flat=True)


class Service(ProviderTerm):
    """A treatment or technique a provider may offer (Swedish massage, acupuncture, …)."""

    def get_absolute_url(self):
        return reverse("providers:service", args=[self.slug])


class Condition(ProviderTerm):
    """A cause or kind of back pain that providers say they treat."""

    def get_absolute_url(self):
        return reverse("providers:condition", args=[self.slug])


class Language(ProviderTerm):
    """A language a provider's staff can consult in."""

    code = models.CharField(
        max_length=15, blank=True, help_text="BCP 47 code, such as en, zh, ms, ta, yue, nan."
    )


class SearchSynonym(PublicData):
    """
    A word or phrase patients type that should also find another: an abbreviation
    ("physio" → "physiotherapy"), a lay term ("slipped disc" → "herniated disc"). A term may
    have several rows, one per expansion. Moderators keep this list in the admin.
    """

    term = models.CharField(
        max_length=100,
        help_text="What patients type, such as “physio” or “slipped disc”. Case does not matter.",
    )
    expands_to = models.CharField(
        max_length=100,
        help_text="What it should also find, as written in listings, such as “physiotherapy”.",
    )

    class Meta:
        ordering = ["term", "expands_to"]
        constraints = [
            models.UniqueConstraint(fields=["term", "expands_to"], name="unique_synonym")
        ]

    def __str__(self):
        return f"{self.term} → {self.expands_to}"

    def save(self, *args, **kwargs):
        self.term = " ".join(self.term.lower().split())
        self.expands_to = " ".join(self.expands_to.split())
        super().save(*args, **kwargs)


class PostalSector(PublicData):
    """
    The first digits of a postal code and roughly where codes starting with them are, so a
    postal code typed in the "where" box becomes a point. Loaded from a market's data file
    (`manage.py load_search_data`); Singapore's sectors are the first two of six digits.
    """

    prefix = models.CharField(max_length=10, help_text="The postal code's leading digits.")
    code_length = models.PositiveSmallIntegerField(
        help_text="How many digits a whole postal code has in this market."
    )
    label = models.CharField(max_length=200, blank=True, help_text="Typical places in it.")
    latitude = models.FloatField(help_text="Approximate centre.")
    longitude = models.FloatField(help_text="Approximate centre.")

    class Meta:
        ordering = ["prefix"]
        constraints = [
            models.UniqueConstraint(fields=["prefix", "code_length"], name="unique_postal_sector")
        ]

    def __str__(self):
        return f"{self.prefix} ({self.label})" if self.label else self.prefix


class ProviderKind(models.TextChoices):
    MASSAGE = "massage", "Massage therapy"
    PAIN_CLINIC = "pain-clinic", "Pain clinic"
    ACUPUNCTURE = "acupuncture", "Acupuncture and TCM"
    PHYSIOTHERAPY = "physiotherapy", "Physiotherapy"
    CHIROPRACTIC = "chiropractic", "Chiropractic"


# The schema.org type that best describes each kind, for the profile's JSON-LD.
SCHEMA_ORG_TYPES = {
    ProviderKind.MASSAGE: "HealthAndBeautyBusiness",
    ProviderKind.PAIN_CLINIC: "MedicalClinic",
    ProviderKind.ACUPUNCTURE: "MedicalClinic",
    ProviderKind.PHYSIOTHERAPY: "Physiotherapy",
    ProviderKind.CHIROPRACTIC: "MedicalClinic",
}


# The order `distance_km` is shown in (ProviderFilter's "nearest first").
DISTANCE_ORDER = ("distance_km", "name", "pk")


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
        return self.filter(is_verified=True)

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
        Has a branch within radius_km of point; annotates `distance_km`, its nearest
        branch's distance. Providers are first narrowed by the grid cells around the point
        (filter facets, read from their index with the other filters), then their branches
        by a bounding box on latitude and longitude, then measured exactly (great-circle
        distance).
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
        nearest = (
            Location.objects.filter(provider=OuterRef("pk"), latitude__isnull=False)
            .annotate(d=geo.distance_expression(point))
            .order_by("d")
            .values("d")[:1]
        )
        found = self
        cells = geo.cells_covering(point, radius_km)
        if cells:
            found = found.filter(facets__has_any=cells)
        found = found.filter(EachRowExists(within)).annotate(
            distance_km=Subquery(nearest, output_field=models.FloatField())
        )
        # For page_rows: a page in distance order is read from the nearest branches first.
        found.query.nearest_to = (point, radius_km)
        return found

    def page_rows(self, start, stop):
        """
        self[start:stop], read the cheapest way, as a queryset of those rows by id (so that
        more, such as for_cards, can be added to them alone): a text search ranked by relevance
        takes a few candidates per relevance tier instead of ranking every match; a search near
        a place in distance order takes its page from the nearest branches (nearest_rows); any
        other page is found by id first, so that what is annotated is worked out for its rows
        alone, not for every row OFFSET passes over.
        """
        from providers import search

        if stop is not None and stop <= start:
            return self.none()
        near = getattr(self.query, "nearest_to", None)
        if near and stop is not None and tuple(self.query.order_by) == DISTANCE_ORDER:
            return self.nearest_rows(*near, start, stop)
        if search.ranks_in_tiers(self) and stop is not None:
            return search.ranked_rows(self, start, stop)
        return self.rows_with_ids(self.values("pk")[start:stop])

    def rows_with_ids(self, ids):
        """
        The rows whose ids a subquery of this queryset found, with this queryset's
        annotations, ordering and prefetches but not its filters: the ids passed them already,
        and asking again would cost compiling and running every filter a second time.
        """
        found = self._chain()
        found.query.where = WhereNode()
        return found.filter(pk__in=ids)

    def nearest_rows(self, point, radius_km, start, stop):
        """
        The providers at [start:stop] in distance order, in one query: the branches inside
        the bounding box (index on latitude, longitude, provider) give each provider's
        nearest distance, grouped over branches alone and sorted; providers are then joined
        in that order and checked against the other filters until the page is full, instead
        of every provider in the radius being read and measured.

        Grouping every branch in a 5 km box takes most of that time in a dense city, so the
        query first tries a quarter of the radius: when `stop` providers pass within it, no
        provider further away can be among them, and the whole radius is never read.
        """
        table = connections[self.db].ops.quote_name(self.model._meta.db_table)
        # Whether one provider passes the other filters, asked of each in distance order until
        # the page is full; OFFSET 0 keeps PostgreSQL from turning it into a join that would
        # first find every provider in the radius that passes them.
        wanted = self.order_by().values("pk").filter(pk=RawSQL("n.provider_id", ()))
        wanted_sql, wanted_params = wanted.query.get_compiler(using=self.db).as_sql()

        def first_within(radius):
            box = geo.bounding_box(point, radius)
            nearest = (
                Location.objects.filter(
                    latitude__range=(box.min_latitude, box.max_latitude),
                    longitude__range=(box.min_longitude, box.max_longitude),
                )
                .order_by()
                .values("provider_id")
                .annotate(d=models.Min(geo.distance_expression(point)))
                .filter(d__lte=radius)
                .order_by("d")
            )
            nearest_sql, nearest_params = nearest.query.get_compiler(using=self.db).as_sql()
            sql = (
                f"SELECT n.provider_id, n.d, p.name, p.id FROM ({nearest_sql}) n"
                f" JOIN {table} p ON p.id = n.provider_id"
                f" WHERE EXISTS ({wanted_sql} LIMIT 1 OFFSET 0)"
                " ORDER BY n.d, p.name, p.id LIMIT %s"
            )
            return sql, (*nearest_params, *wanted_params, stop)

        close_sql, close_params = first_within(radius_km / 4)
        all_sql, all_params = first_within(radius_km)
        enough = "(SELECT COUNT(*) FROM close_by) >= %s"
        page = RawSQL(
            f"WITH close_by AS ({close_sql})"
            " SELECT page.provider_id FROM ("
            f"  SELECT * FROM close_by WHERE {enough}"
            f"  UNION ALL SELECT * FROM ({all_sql}) whole WHERE NOT {enough}"
            ") page ORDER BY page.d, page.name, page.id LIMIT %s OFFSET %s",
            (*close_params, stop, *all_params, stop, stop - start, start),
        )
        return self.rows_with_ids(page)

    def for_cards(self, service_ids=()):
        """
        Everything a result card shows, from each provider's stored card (ProviderCard): its
        branches (with their areas, regular hours and exceptions), its offers and its
        languages, set on each provider as `branches`, `card_offers` and `card_languages`
        when it is read (CardIterable). A page of cards is then one query with a join however
        many branches and offers it shows. The services in service_ids (what the visitor
        filtered by) come first among the offers.
        """
        # Only what a card and its map marker show (the description for a search's snippet):
        # the derived search columns alone are a few kilobytes a row.
        found = self.only("name", "slug", "kind", "is_verified", "description").annotate(
            card_data=models.F("card__data")
        )
        found.query.chosen_service_ids = frozenset(service_ids)
        found._iterable_class = CardIterable
        return found


class CardIterable(models.query.ModelIterable):
    """
    Providers with what their stored cards keep read into `branches`, `card_offers` and
    `card_languages` (providers.storedcards), the services searched for first among the offers,
    and their profiles' addresses into `profile_url`.
    """

    def __iter__(self):
        reader = storedcards.CardReader(getattr(self.queryset.query, "chosen_service_ids", ()))
        # A card and its map marker link to the profile: its address is worked out here for
        # the whole page, as looking up the script prefix costs more than filling in a slug.
        profile_url = _profile_url(get_script_prefix())
        for provider in super().__iter__():
            reader.fill(provider, provider.card_data)
            provider.profile_url = profile_url.replace(SLUG_PLACEHOLDER, provider.slug)
            yield provider


def _language_names():
    """The names of the languages the provider in OuterRef("pk") speaks, as one JSON list."""
    speaks = Provider.languages.through.objects.filter(provider=OuterRef("pk"))
    return json_rows(speaks, "provider", "language__name")


SLUG_PLACEHOLDER = "slug-placeholder"


@lru_cache(maxsize=16)
def _profile_url(script_prefix):
    # reverse() takes 30 µs, and lists of providers ask for dozens of profile addresses: the
    # pattern is reversed once per script prefix and filled in.
    return reverse("providers:detail", args=[SLUG_PLACEHOLDER])


class Provider(PublicData):
    """An organisation that provides back-pain care: a clinic, or a therapist working alone."""

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
        max_length=30, blank=True, help_text="Main number, with the country code (+65 …)."
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
        help_text="A moderator has checked this provider's registration or licence.",
    )
    hours_reviewed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When staff last saved or confirmed the opening hours.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Derived from the listing by providers.search.refresh_documents(); never edited.
    search_document = SearchDocumentField(null=True, editable=False)
    search_terms = models.TextField(
        blank=True,
        default="",
        editable=False,
        help_text="Name, kind, services and conditions in lowercase, for typo-tolerant search.",
    )
    # What the directory's filters read (providers.facets), rebuilt with the search document.
    facets = FacetsField(null=True, editable=False)

    objects = ProviderQuerySet.as_manager()
    # The search fields are derived from the rest and rebuilt on save: not worth a history.
    history = HistoricalRecords(
        m2m_fields=[languages, conditions],
        excluded_fields=["search_document", "search_terms", "facets"],
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
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return _profile_url(get_script_prefix()).replace(SLUG_PLACEHOLDER, self.slug)

    def searched_providers(self):
        return [self.pk]

    def refresh_search_document(self):
        """Rebuild the stored search document from the listing as it is in the database."""
        from providers import search

        search.refresh_documents([self.pk])

    @property
    def schema_org_type(self):
        return SCHEMA_ORG_TYPES.get(self.kind, "MedicalBusiness")

    @cached_property
    def branches(self):
        """
        Its branches in name order: its locations (prefetched, or from the database), or,
        when the queryset read its stored card (ProviderQuerySet.for_cards), the branches the
        card keeps (providers.storedcards.CardBranch), set when it was read.
        """
        return list(self.locations.all())

    def opening_status(self, moment=None):
        """When this provider is next open, from its branches' hours (Provider.branches)."""
        moment = timezone.localtime(moment or timezone.now())
        branches = self.branches
        intervals = [h for branch in branches for h in branch.regular_hours]
        exceptions = [e for branch in branches for e in branch.coming_exceptions]
        return opening_hours.status(intervals, moment, exceptions)

    def is_claimed(self):
        return self.memberships.exists()

    def main_location(self):
        branches = list(self.locations.all())
        return branches[0] if branches else None


class ProviderCardQuerySet(models.QuerySet):
    def rebuild(self, provider_ids):
        """
        Build again the stored cards of these providers from their rows (one query to read,
        one to write): providers.search.refresh_documents calls it whenever their search data
        is rebuilt, which every save of something a card shows does.
        """
        today = timezone.localdate()
        rows = (
            Provider.objects.using(self.db)
            .filter(pk__in=provider_ids)
            .order_by()
            .values_list(
                "pk",
                _language_names(),
                Location.objects.card_rows(today=today),
                ProviderService.objects.card_rows(),
            )
        )
        cards = []
        for pk, languages, branches, offers in rows:
            branches = _json_list(branches)
            for branch in branches:
                branch["hours"] = _json_list(branch["hours"])
                branch["exceptions"] = _json_list(branch["exceptions"])
            data = {
                "languages": _json_list(languages),
                "branches": branches,
                "offers": _json_list(offers),
            }
            cards.append(ProviderCard(provider_id=pk, data=data))
        self.bulk_create(
            cards,
            update_conflicts=True,
            unique_fields=["provider"],
            update_fields=["data"],
            batch_size=500,
        )


class ProviderCard(models.Model):
    """
    What a provider's result card shows beyond its own fields, kept as one JSON document: its
    languages; its branches with their areas, regular hours and exceptions from the day before
    it was built on; and its offers. Derived from the listing, rebuilt with its search
    document (providers.search.refresh_documents), never edited; providers.storedcards reads
    it back.

    Gathering all that into JSON at every page of results took most of the page's time in the
    database; read from here, a page of cards is a join by primary key. In a table of its own,
    so that the provider rows the searches read stay narrow.
    """

    provider = models.OneToOneField(
        Provider, on_delete=models.CASCADE, primary_key=True, related_name="card"
    )
    data = models.JSONField()

    objects = ProviderCardQuerySet.as_manager()

    def __str__(self):
        return f"Card of {self.provider_id}"


class ProviderServiceQuerySet(models.QuerySet):
    def card_rows(self):
        """
        The offers of the provider in OuterRef("pk") as one JSON list of service id, name and
        price, for its stored card (providers.storedcards reads it back).
        """
        return json_rows(
            self.filter(provider=OuterRef("pk")),
            "provider",
            JSONRow(service_id="service_id", service="service__name", price="price"),
        )


class ProviderService(PublicData):
    """A service as one provider offers it: its price and how long a session lasts."""

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

    objects = ProviderServiceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["service__name"]
        constraints = [models.UniqueConstraint(fields=["provider", "service"], name="unique_offer")]
        indexes = [models.Index(fields=["service", "price"])]

    def __str__(self):
        return f"{self.service} at {self.provider}"

    # What a provider offers is part of its search document.
    def searched_providers(self):
        return [self.provider_id]


def json_rows(rows, owner, item):
    """
    `rows` (filtered by an OuterRef to the row they belong to, through the field `owner`) as
    one JSON list of `item` (a field's name, or an expression such as a JSONObject): a small
    list inside its owner's row instead of a query, and a model per item, of its own.
    """
    rows = rows.order_by().values(owner).annotate(rows=JSONList(item))
    return Subquery(rows.values("rows"), output_field=JSONRows())


def _exception_rows(today=None):
    """The exceptions of the branch in OuterRef("pk") from yesterday on, as one JSON list."""
    today = today or timezone.localdate()
    rows = OpeningException.objects.filter(
        location=OuterRef("pk"), date__gte=today - datetime.timedelta(days=1)
    )
    return json_rows(
        rows,
        "location",
        JSONRow(date="date", closed="closed", opens="opens", closes="closes", reason="reason"),
    )


def _hour_rows():
    """The regular hours of the branch in OuterRef("pk"), as one JSON list."""
    return json_rows(
        OpeningHours.objects.filter(location=OuterRef("pk")),
        "location",
        JSONRow(weekday="weekday", opens="opens", closes="closes"),
    )


def _json_list(value):
    # SQLite returns a JSON list nested inside another as its text.
    return json.loads(value) if isinstance(value, str) else (value or [])


class LocationQuerySet(models.QuerySet):
    def with_exceptions(self, today=None):
        """
        Annotate `exception_rows`: the branch's opening exceptions from yesterday on, inside
        the branch's own row instead of another query.
        """
        return self.annotate(exception_rows=_exception_rows(today))

    def card_rows(self, today=None):
        """
        The branches of the provider in OuterRef("pk") as one JSON list, for its stored card:
        what a result card and its map marker show of each (providers.storedcards reads them
        back), with every exception from the day before `today` on.
        """
        return json_rows(
            self.filter(provider=OuterRef("pk")),
            "provider",
            JSONRow(
                id="pk",
                name="name",
                latitude="latitude",
                longitude="longitude",
                area_id="area_id",
                area="area__name",
                region_id="area__parent_id",
                region="area__parent__name",
                hours=_hour_rows(),
                exceptions=_exception_rows(today=today),
            ),
        )


class Location(PublicData):
    """A branch: a place where the provider sees patients, with its own hours."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(
        max_length=100, help_text="How patients tell branches apart, such as “Tampines branch”."
    )
    address = models.CharField(max_length=300, help_text="Street address, building and unit.")
    postal_code = models.CharField(max_length=12, blank=True)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="locations")
    latitude = models.FloatField(null=True, blank=True, db_index=True)
    longitude = models.FloatField(null=True, blank=True, db_index=True)
    phone = models.CharField(max_length=30, blank=True, help_text="This branch's number.")

    objects = LocationQuerySet.as_manager()
    history = HistoricalRecords()

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

    # A branch's area and position are among its provider's filter facets.
    def searched_providers(self):
        return [self.provider_id]

    def week(self, today=None):
        """Seven days of opening hours from Monday, each with its intervals and exceptions."""
        return opening_hours.week(
            self.hours.all(), today=today or timezone.localdate(), exceptions=self.coming_exceptions
        )

    @property
    def regular_hours(self):
        """The branch's opening hours, from the database or its prefetch."""
        return list(self.hours.all())

    @property
    def coming_exceptions(self):
        """
        Dated exceptions from yesterday on, sorted: read from `exception_rows` when the
        queryset annotated them (LocationQuerySet.with_exceptions), else from the database.
        """
        if not hasattr(self, "exception_rows"):
            today = timezone.localdate()
            return list(self.exceptions.filter(date__gte=today - datetime.timedelta(days=1)))
        return storedcards.sorted_exceptions(self.pk, self.exception_rows or [])


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


class OpeningHours(PublicData):
    """
    One interval a branch is open on a weekday. Several rows a day are allowed; a day with
    none is closed. An interval whose closing time is not after its opening time runs past
    midnight (22:00–02:00); 00:00–00:00 means open all day.
    """

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    opens = models.TimeField()
    closes = models.TimeField(help_text="Earlier than opening time means past midnight.")

    objects = OpeningHoursQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["weekday", "opens"]
        verbose_name_plural = "opening hours"
        indexes = [models.Index(fields=["weekday", "opens", "closes"])]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    # Hours are filter facets of the branch's provider (the hours it is open).
    def searched_providers(self):
        return [self.location.provider_id]

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


class OpeningException(PublicData):
    """
    A date on which a branch's regular hours do not apply: a public holiday, a closure, or
    special hours. It replaces that weekday's hours for the date (several rows of special
    hours a day are allowed; a closure is one row).
    """

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="exceptions")
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
    history = HistoricalRecords()

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
        if self.closed:
            return f"{self.date:%d %b %Y}: closed"
        return f"{self.date:%d %b %Y}: {self.opens:%H:%M}–{self.closes:%H:%M}"

    # Dates with special hours are filter facets of the branch's provider ("open now").
    def searched_providers(self):
        return [self.location.provider_id]


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NON_BINARY = "non-binary", "Non-binary"


class PractitionerQuerySet(models.QuerySet):
    def with_language_names(self):
        """Annotate `language_names`, the names of the languages each one speaks, sorted."""
        speaks = Practitioner.languages.through.objects.filter(practitioner=OuterRef("pk"))
        return self.annotate(language_names=json_rows(speaks, "practitioner", "language__name"))


class Practitioner(PublicData):
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

    objects = PractitionerQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[languages])

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    # Practitioners' names, training and genders are part of their provider's search data.
    def searched_providers(self):
        return [self.provider_id]

    @property
    def languages_spoken(self):
        """Names of the languages this practitioner speaks, sorted."""
        if hasattr(self, "language_names"):
            return sorted(self.language_names or [])
        return [language.name for language in self.languages.all()]


class CredentialKind(models.TextChoices):
    LICENCE = "licence", "Licence"
    REGISTRATION = "registration", "Registration"
    MEMBERSHIP = "membership", "Professional membership"
    CERTIFICATION = "certification", "Certification"


class CredentialQuerySet(models.QuerySet):
    def current(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))


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

    def __str__(self):
        return f"{self.get_kind_display()}: {self.issuing_body}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        bump_generation()  # cached pages show this change on the next request

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


class Photo(models.Model):
    """
    A picture of the provider's rooms or team, shown on the profile in order. The upload is
    re-encoded without its metadata when saved, and two thumbnails are made from it.
    """

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(
        upload_to="providers/photos/%Y/%m/",
        help_text="A JPEG, PNG or WebP picture, up to 10 MB and 40 megapixels.",
    )
    thumbnail = models.ImageField(upload_to="providers/photos/%Y/%m/", blank=True, editable=False)
    thumbnail_large = models.ImageField(
        upload_to="providers/photos/%Y/%m/", blank=True, editable=False
    )
    alt_text = models.CharField(
        max_length=200, help_text="What the photo shows, for people who cannot see it."
    )
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        if self.image and not self.image._committed:
            from providers import images

            self.image = images.reencode(self.image)
            small, large = images.thumbnails(self.image)
            self.thumbnail, self.thumbnail_large = small, large
        super().save(*args, **kwargs)
        bump_generation()  # cached pages show this change on the next request

    def files(self):
        return [f for f in (self.image, self.thumbnail, self.thumbnail_large) if f]

    @property
    def display_url(self):
        return (self.thumbnail_large or self.image).url


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
    phone = models.CharField(max_length=30, help_text="A number we can call to check, with +65 …")
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
@receiver(post_delete, sender=Credential)
def _credential_deleted(sender, instance, **kwargs):
    bump_generation()


@receiver(post_delete, sender=Photo)
def _photo_deleted(sender, instance, **kwargs):
    bump_generation()
    for file in instance.files():
        file.storage.delete(file.name)


@receiver(m2m_changed, sender=Provider.languages.through)
@receiver(m2m_changed, sender=Provider.conditions.through)
def _provider_terms_changed(sender, instance, action, reverse, **kwargs):
    """
    A provider's languages and conditions are among its search data: linked or unlinked
    (provider.languages.add(), .remove(), .clear(), .set()), it is rebuilt. They are changed
    from the provider's side only, which is also the side their history follows.
    """
    if reverse or action not in ("post_add", "post_remove", "post_clear"):
        return
    from providers import search

    bump_generation()
    search.refresh_documents([instance.pk])
