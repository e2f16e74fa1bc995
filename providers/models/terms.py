"""
The directory's vocabularies: places, treatments, conditions and languages, and the words and
postal codes its search reads.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify


class TaxonomyTerm(models.Model):
    """A named, linkable term in one of the directory's vocabularies."""

    name = models.CharField(max_length=100, unique=True, help_text="As patients would say it.")
    slug = models.SlugField(
        max_length=100, unique=True, help_text="Used in web addresses; lowercase, hyphens."
    )
    description = models.TextField(
        blank=True, help_text="One or two plain sentences shown on the term's landing page."
    )

    # The fields that the listings the term applies to show (in their search text or result
    # cards): a change to one of them rebuilds those listings (providers.changes); a change to
    # anything else does not.
    shown_fields = ("name",)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)
        super().save(*args, **kwargs)
        self.loaded_values = {name: getattr(self, name) for name in self.shown_fields}

    @classmethod
    def from_db(cls, db, field_names, values):
        term = super().from_db(db, field_names, values)
        # The values as loaded, to tell what a save changes (as Django's documentation does).
        term.loaded_values = dict(zip(field_names, values, strict=True))
        return term

    def shown_fields_changed(self):
        """Whether a field listings show changed since the term was loaded (or if unknown)."""
        loaded = getattr(self, "loaded_values", None)
        if loaded is None:
            return True
        return any(loaded.get(name) != getattr(self, name) for name in self.shown_fields)


class AreaQuerySet(models.QuerySet):
    def regions(self):
        return self.filter(parent__isnull=True)

    def subareas(self):
        return self.filter(parent__isnull=False)

    def within(self, area):
        """The area and, for a region, every area in it."""
        return self.filter(Q(pk=area.pk) | Q(parent=area))


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

    # Result cards show each branch's area and region by name.
    shown_fields = ("name", "parent_id")

    def get_absolute_url(self):
        return reverse("providers:area", args=[self.slug])

    @property
    def is_region(self):
        return self.parent_id is None


class Service(TaxonomyTerm):
    """A treatment or technique a provider may offer (Swedish massage, acupuncture, …)."""

    def get_absolute_url(self):
        return reverse("providers:service", args=[self.slug])


class Condition(TaxonomyTerm):
    """A cause or kind of back pain that providers say they treat."""

    def get_absolute_url(self):
        return reverse("providers:condition", args=[self.slug])


class Language(TaxonomyTerm):
    """A language a provider's staff can consult in."""

    code = models.CharField(
        max_length=15, blank=True, help_text="BCP 47 code, such as en, zh, ms, ta, yue, nan."
    )


class SearchSynonym(models.Model):
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


class PostalSector(models.Model):
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


class PlaceKind(models.TextChoices):
    STATION = "station", "Train station"
    LANDMARK = "landmark", "Landmark (a mall, hospital, park…)"
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood or estate"
    ABBREVIATION = "abbreviation", "Another name for an area (AMK for Ang Mo Kio)"


class Place(models.Model):
    """
    A place people name in "Where" that is not an Area: a train station, a landmark, a
    neighbourhood, or a short name of an area ("AMK"). Loaded from a market's data files
    (`manage.py load_search_data`); moderators add and correct them in the admin.
    """

    name = models.CharField(
        max_length=100,
        help_text="As the site should show it, such as “Bishan MRT station” or “Tampines Mall”; "
        "for another name of an area, that name (“AMK”).",
    )
    kind = models.CharField(max_length=20, choices=PlaceKind.choices)
    other_names = models.CharField(
        max_length=300,
        blank=True,
        help_text="Other ways people write it, separated by commas (“MBS, Marina Bay Sands "
        "hotel”). Case, punctuation and words such as “MRT” or “station” do not matter.",
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="places",
        help_text="The area it lies in; for another name of an area, the area it stands for.",
    )
    latitude = models.FloatField(
        null=True, blank=True, help_text="Leave empty for another name of an area."
    )
    longitude = models.FloatField(
        null=True, blank=True, help_text="Leave empty for another name of an area."
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "name"], name="unique_place_name_per_kind"),
            # A point, or an area to take it from.
            models.CheckConstraint(
                condition=(
                    Q(latitude__isnull=False, longitude__isnull=False)
                    | Q(latitude__isnull=True, longitude__isnull=True, area__isnull=False)
                ),
                name="place_has_a_point_or_an_area",
                violation_error_message="Give the place's latitude and longitude, or leave both "
                "empty and choose the area it stands for.",
            ),
        ]

    def __str__(self):
        return self.name
