"""
The directory's vocabularies (services, conditions, areas, languages) loaded in one query,
with what the search needs to read a visitor's words: synonyms, postal sectors, and named
places (stations, landmarks, neighbourhoods, short names of areas).

The filter form needs every term to render its choices and to validate what a visitor sent;
asking each table separately would cost four queries on every directory page, so they come
back together as one UNION and are looked up by slug in memory. They change only when a
moderator edits a term, which moves the cache generation, so `Vocabulary.current()` keeps the
loaded vocabulary in the cache under that generation: most pages then pay for one cache read
instead of the query and the building of some 250 terms.
"""

from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import CharField, F, FloatField, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import translation

from providers import places, search
from providers.changes import generation
from providers.models import (
    Area,
    Condition,
    Language,
    Place,
    PostalSector,
    ProviderKind,
    SearchSynonym,
    Service,
)


class Term(NamedTuple):
    """One term of a vocabulary (a tuple: read from the cache on every page, it unpickles twice
    as fast as a dataclass)."""

    id: int
    slug: str
    name: str
    # For an area, the region it belongs to; empty for a region and for other vocabularies.
    parent_slug: str = ""
    parent_name: str = ""
    # An area's or a postal sector's approximate centre.
    latitude: float | None = None
    longitude: float | None = None


class KnownPlace(NamedTuple):
    """A named place as providers.places reads it (a tuple, for the cache, as Term is)."""

    # What the page calls it: the place's name, or for a short name the area's ("Ang Mo Kio").
    label: str
    kind: str
    # The keys (providers.places.key) of its name and other names, worked out once when loaded.
    keys: tuple
    latitude: float
    longitude: float


# Only an upper bound: a new generation makes older entries unreachable at once.
CACHE_SECONDS = 60 * 60


@dataclass
class Vocabulary:
    services: list = field(default_factory=list)
    conditions: list = field(default_factory=list)
    areas: list = field(default_factory=list)
    languages: list = field(default_factory=list)
    # Search synonyms as terms: slug is what patients type, name what it expands to.
    synonyms: list = field(default_factory=list)
    # Postal sectors as terms: slug is the prefix, parent_slug the whole code's length.
    postal_sectors: list = field(default_factory=list)
    # Named places that are not areas (KnownPlace), for reading "Where".
    places: list = field(default_factory=list)
    # search_words(), worked out once when loaded (and kept in the cache with the terms).
    words: list = field(default_factory=list)

    # The directory filters' choices, by filter name (filter_choices()).
    filter_choices: dict = field(default_factory=dict)

    @classmethod
    def current(cls):
        """The vocabulary as the cache has it for this generation, loaded if it has not."""
        return cache.get_or_set("vocabulary", cls.load, CACHE_SECONDS, version=generation())

    @classmethod
    def load(cls):
        no_point = Cast(Value(None), FloatField())

        def rows(
            model,
            vocabulary,
            parent_slug=None,
            parent_name=None,
            point=(no_point, no_point),
            slug="slug",
            name="name",
        ):
            return model.objects.annotate(
                vocabulary=Value(vocabulary, output_field=CharField()),
                slug_value=F(slug) if isinstance(slug, str) else slug,
                name_value=F(name),
                parent_slug_value=parent_slug or Value(""),
                parent_name_value=parent_name or Value(""),
                latitude_value=point[0],
                longitude_value=point[1],
            ).values_list(
                "vocabulary",
                "id",
                "slug_value",
                "name_value",
                "parent_slug_value",
                "parent_name_value",
                "latitude_value",
                "longitude_value",
            )

        query = (
            rows(Service, "services")
            .order_by()
            .union(
                rows(Condition, "conditions").order_by(),
                rows(Language, "languages").order_by(),
                rows(
                    Area,
                    "areas",
                    Coalesce(F("parent__slug"), Value("")),
                    Coalesce(F("parent__name"), Value("")),
                    point=(F("latitude"), F("longitude")),
                ).order_by(),
                rows(SearchSynonym, "synonyms", slug="term", name="expands_to").order_by(),
                rows(
                    PostalSector,
                    "postal_sectors",
                    parent_slug=Cast("code_length", CharField()),
                    point=(F("latitude"), F("longitude")),
                    slug="prefix",
                    name="label",
                ).order_by(),
                # Places as terms: slug is the kind, parent_slug the other names, parent_name
                # the area's name, and the point the area's when the place has none.
                rows(
                    Place,
                    "places",
                    parent_slug=F("other_names"),
                    parent_name=Coalesce(F("area__name"), Value("")),
                    point=(
                        Coalesce(F("latitude"), F("area__latitude")),
                        Coalesce(F("longitude"), F("area__longitude")),
                    ),
                    slug="kind",
                ).order_by(),
                all=True,
            )
        )
        vocabulary = cls()
        for kind, pk, slug, name, parent_slug, parent_name, lat, lng in query:
            getattr(vocabulary, kind).append(
                Term(pk, slug, name, parent_slug, parent_name, lat, lng)
            )
        for terms in (vocabulary.services, vocabulary.conditions, vocabulary.languages):
            terms.sort(key=lambda term: term.name.lower())
        vocabulary.areas.sort(
            key=lambda t: ((t.parent_name or t.name).lower(), bool(t.parent_slug), t.name.lower())
        )
        vocabulary.places = [cls.known_place(term) for term in vocabulary.places]
        vocabulary.places = [place for place in vocabulary.places if place is not None]
        vocabulary.words = vocabulary.search_words()
        vocabulary.filter_choices = {
            "service": cls.choices(vocabulary.services),
            "condition": cls.choices(vocabulary.conditions),
            "language": cls.choices(vocabulary.languages),
            "area": vocabulary.area_choices(),
        }
        return vocabulary

    @staticmethod
    def known_place(term):
        """A place's term as a KnownPlace, or None if it has no point to search from."""
        if term.latitude is None or term.longitude is None:
            return None
        names = [term.name, *(name.strip() for name in term.parent_slug.split(","))]
        keys = tuple(dict.fromkeys(k for k in (places.key(name)[0] for name in names) if k))
        label = term.parent_name if term.slug == places.ABBREVIATION else term.name
        return KnownPlace(label or term.name, term.slug, keys, term.latitude, term.longitude)

    @property
    def place_names(self):
        """What "Where" suggests while typing: areas, then stations, landmarks, neighbourhoods."""
        return [term.name for term in self.areas] + sorted(
            place.label for place in self.places if place.kind != places.ABBREVIATION
        )

    def synonym_map(self):
        """{term: [expansions]} for the text search."""
        found = {}
        for term in self.synonyms:
            found.setdefault(term.slug, []).append(term.name)
        return found

    def search_words(self):
        """Every word of the services, conditions, kinds and synonyms, for reading typos."""
        # The kinds' English names: the words listings' search text holds (providers.derived).
        with translation.override("en"):
            kinds = [str(label) for _value, label in ProviderKind.choices]
        return search.vocabulary_words(
            *(term.name for term in self.services + self.conditions),
            *kinds,
            *(name for term in self.synonyms for name in (term.slug, term.name)),
        )

    @property
    def regions(self):
        return [term for term in self.areas if not term.parent_slug]

    def areas_in(self, region_slug):
        return [term for term in self.areas if term.parent_slug == region_slug]

    @staticmethod
    def choices(terms):
        return [(term.slug, term.name) for term in terms]

    def area_choices(self):
        """Regions, each followed by its areas, for a grouped select."""
        groups = []
        for region in self.regions:
            options = [(region.slug, f"All of {region.name}")]
            options += [(area.slug, area.name) for area in self.areas_in(region.slug)]
            groups.append((region.name, options))
        return groups

    @staticmethod
    def ids(terms, slugs):
        wanted = set(slugs)
        return [term.id for term in terms if term.slug in wanted]

    def area_ids(self, slug):
        """The area with this slug, or a region and every area in it."""
        return [term.id for term in self.areas if slug in (term.slug, term.parent_slug)]

    @staticmethod
    def name_of(terms, slug):
        return next((term.name for term in terms if term.slug == slug), slug)
