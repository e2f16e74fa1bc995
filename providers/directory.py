"""
The directory's searches: what a visitor asked for (`DirectorySearch`, which ProviderFilter
builds from the address's parameters) and how a page of what it finds is read (`Results`).

A search is a chain of named QuerySet methods (ProviderQuerySet). A page of results is one
query: the ids of the page's providers, found the cheapest way for the order asked for, and
those providers with their stored cards (providers.cards):
- nearest first: the branches inside the search's bounding box, grouped by provider and sorted
  by distance, then checked against the filters in that order until the page is full
  (providers.nearest);
- best match, on PostgreSQL: the best providers (by quality, then name) of each relevance
  tier, each tier read from an index of its own (providers.search.ranking_tiers), then
  ranked (BEST_MATCH): a broad search matches tens of thousands of providers, and ranking
  all of them to show twenty is what took time;
- otherwise, in name order, from the name index.
How many providers a search finds is counted up to RESULT_CAP + 1 and kept in the cache for
the current generation, so that paging through the results counts them once.
"""

import datetime
import hashlib
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.core.cache import cache
from django.db import connections
from django.db.models import Exists, F, OuterRef, Q

from providers import counts, geo, search
from providers.cards import CardReader
from providers.changes import generation
from providers.models import Location, Provider, ProviderService
from providers.nearest import NearestPage
from providers.places import Place

DEFAULT_RADIUS_KM = 5
MAX_RADIUS_KM = 50
# Beyond this many results a page says "1,000+" and pages no further: counting (and skipping
# through) a hundred thousand rows costs more than anyone reads.
RESULT_CAP = 1000
# Only an upper bound: a new generation makes a kept count unreachable at once.
COUNT_SECONDS = 60 * 60

# An area page without providers lists the nearest ones within this distance instead.
NEAREST_RADIUS_KM = 20

# "Best match": how well the words match (providers.search.relevance), then the listing's
# quality points (providers.derived.QUALITY_POINTS: verified, confirmed within a year, hours,
# prices, practitioners, photos); name and id only break what is still tied. Without words,
# the quality points lead. A place limits it to the radius; the nearest come first when asked
# ("Nearest", the default with a place): measuring every listing in the circle to break ties
# by distance took 0.5–1.5 s at 100,000 providers. Documented in docs/search.md.
BEST_MATCH = ("-relevance", "-quality", "name", "pk")
BEST_WITHOUT_WORDS = ("-quality", "name", "pk")

# The orders a visitor can ask for (the `sort` parameter's values).
RELEVANCE = "relevance"  # "Best match"
DISTANCE = "distance"
PRICE = "price"
NAME = "name"


@dataclass(frozen=True)
class DirectorySearch:
    """
    What a visitor asked the directory for, validated: the words typed and how they were read,
    the ids of the terms chosen, the place and radius, the opening times, and the order.
    """

    text: str = ""
    query: search.Query = field(default_factory=search.Query)
    kinds: tuple = ()
    service_ids: tuple = ()
    condition_ids: tuple = ()
    language_ids: tuple = ()
    area_ids: tuple = ()
    genders: tuple = ()
    price_max: Decimal | None = None
    home_visits: bool = False
    accessible: bool = False
    verified: bool = False
    # The moment "open now" means, when asked.
    open_at: datetime.datetime | None = None
    open_on: tuple = ()
    open_after: datetime.time | None = None
    open_before: datetime.time | None = None
    place: Place | None = None
    radius_km: int = DEFAULT_RADIUS_KM
    order: str = RELEVANCE

    @property
    def is_everything(self):
        """Whether this search asks for every listed provider (in whatever order)."""
        return replace(self, order=RELEVANCE, radius_km=DEFAULT_RADIUS_KM) == DirectorySearch()

    def providers(self, queryset, within_radius=True):
        """
        The providers of `queryset` this search finds, in no particular order (without the
        place's radius when `within_radius` is false).
        """
        found = queryset
        if self.place and within_radius:
            found = found.near(self.place.point, self.radius_km)
        if self.kinds:
            found = found.of_kind(self.kinds)
        if self.service_ids or self.price_max is not None:
            found = found.offering(self.service_ids, price_max=self.price_max)
        if self.condition_ids:
            found = found.treating(self.condition_ids)
        if self.area_ids:
            found = found.in_areas(self.area_ids)
        if self.language_ids:
            found = found.speaking(self.language_ids)
        if self.genders:
            found = found.with_practitioner_gender(self.genders)
        if self.home_visits:
            found = found.filter(home_visits=True)
        if self.accessible:
            found = found.filter(wheelchair_accessible=True)
        if self.verified:
            found = found.verified()
        if self.open_at:
            found = found.open_at(self.open_at)
        if self.open_on or self.open_after is not None or self.open_before is not None:
            found = found.open_during(self.open_on, self.open_after, self.open_before)
        # Last, so that PostgreSQL, which checks conditions of equal cost in the order they
        # come, tests the small filter facets before reading a row's larger search document.
        if self.text:
            found = search.matching(found, self.query)
        return found

    def ordered(self, queryset):
        """`queryset` in this search's order, with what the order is worked out from."""
        if self.order == DISTANCE:
            return queryset.with_distance(self.place.point).order_by("distance_km", "name", "pk")
        if self.order == PRICE:
            return queryset.with_lowest_price(self.service_ids).order_by(
                F("lowest_price").asc(nulls_last=True), *BEST_WITHOUT_WORDS
            )
        if self.order == RELEVANCE:
            if not self.query:
                return queryset.order_by(*BEST_WITHOUT_WORDS)
            relevance = search.relevance(self.query, connections[queryset.db].vendor)
            return queryset.annotate(relevance=relevance).order_by(*BEST_MATCH)
        return queryset.order_by("name", "pk")


class Results:
    """
    What a DirectorySearch finds among `queryset`, as a Paginator reads it: `count()`, up to
    RESULT_CAP + 1, and slices, as lists of Cards.
    """

    def __init__(self, directory_search, queryset):
        self.search = directory_search
        self.queryset = queryset
        self.found = directory_search.providers(queryset)
        self.db = self.found.db
        self.vendor = connections[self.db].vendor

    def count(self):
        return len(self.ids())

    def ids(self):
        """
        The ids of the providers found, in no order, up to RESULT_CAP + 1: what the count is,
        and what the filters' option counts are counted among.
        """

        def read():
            return list(self.found.order_by().values_list("pk", flat=True)[: RESULT_CAP + 1])

        if not hasattr(self, "_ids"):
            if self.search.open_at:  # found at this very moment: of use to no one else
                self._ids = read()
            else:
                key = (
                    "result-ids:"
                    + hashlib.sha256(repr((self.db, self.search)).encode()).hexdigest()
                )
                self._ids = cache.get_or_set(key, read, COUNT_SECONDS, version=generation())
        return self._ids

    def option_counts(self):
        """
        How many of the providers found each option of the tick-box filters would find
        (providers.counts.options), when that can be counted exactly and cheaply: for a search
        that finds at most RESULT_CAP providers, and for the whole directory. None otherwise.
        """
        if self.search.is_everything:
            return counts.options()
        ids = self.ids()
        if len(ids) > RESULT_CAP:
            return None
        return counts.options(ids)

    def __getitem__(self, page):
        if not isinstance(page, slice) or page.step is not None:
            raise TypeError("Results are read a page (a slice) at a time.")
        start, stop = page.start or 0, page.stop
        if stop <= start:
            return []
        rows = (
            self.search.ordered(
                Provider.objects.using(self.db).filter(pk__in=self.page_ids(start, stop))
            )
            .only("name", "slug", "kind", "is_verified", "description")
            .annotate(card_data=F("card__data"))
        )
        reader = CardReader(self.search.service_ids)
        return present(self.search, [reader.read(row, row.card_data) for row in rows])

    def page_ids(self, start, stop):
        """The ids of the providers at [start:stop], as a subquery."""
        if self.search.order == DISTANCE:
            return self.nearest_ids(start, stop)
        if (
            self.search.order == PRICE
            and connections[self.db].features.supports_slicing_ordering_in_compound
        ):
            return self.cheapest_ids(start, stop)
        if self.search.order == RELEVANCE and self.search.query:
            tiers = search.ranking_tiers(self.search.query, self.vendor)
            if tiers:
                return self.ranked_ids(tiers, start, stop)
        return self.search.ordered(self.found).values("pk")[start:stop]

    def nearest_ids(self, start, stop):
        """The page in distance order, from the nearest branches first (providers.nearest)."""
        return NearestPage(
            self.search.providers(self.queryset, within_radius=False),
            Location.objects.using(self.db),
            self.search.place.point,
            self.search.radius_km,
            start,
            stop,
        )

    def ranked_ids(self, tiers, start, stop):
        """
        The page in relevance order from at most `stop` candidates per tier: the best `stop`
        (by quality, then name) of the name matches, of the name-or-terms matches and of all
        matches hold the first `stop` results in best-match order (a result in tier k has
        fewer than `stop` results before it in tier k's set, or in any wider one).
        """
        candidates = [
            self.found.filter(condition).order_by(*BEST_WITHOUT_WORDS).values("pk")[:stop]
            for condition in (*tiers, Q())
        ]
        among = Provider.objects.using(self.db).filter(pk__in=candidates[0].union(*candidates[1:]))
        return self.search.ordered(among).values("pk")[start:stop]

    def cheapest_ids(self, start, stop):
        """
        The page in price order from few candidates: for each service chosen, the `stop`
        providers found with the lowest stated price for it (read in the order of the offers'
        (service, price) index), and the best `stop` (by quality) with no price stated for any.
        A provider among the first `stop` in price order is among its cheapest service's
        first `stop`, or, with no price, among the best of those without.
        """
        offers = ProviderService.objects.using(self.db).filter(
            provider__in=self.found.values("pk"), price__isnull=False
        )
        candidates = [
            offers.filter(service_id=service_id)
            .order_by("price", "provider_id")
            .values_list("provider_id", flat=True)[:stop]
            for service_id in self.search.service_ids
        ]
        priced = offers.filter(service_id__in=self.search.service_ids, provider=OuterRef("pk"))
        candidates.append(
            self.found.exclude(Exists(priced))
            .order_by(*BEST_WITHOUT_WORDS)
            .values_list("pk", flat=True)[:stop]
        )
        among = Provider.objects.using(self.db).filter(
            pk__in=candidates[0].union(*candidates[1:], all=True)
        )
        return self.search.ordered(among).values("pk")[start:stop]


def present(directory_search, cards):
    """
    Set what each card shows of the search: the branch nearest to the place searched (and how
    far it is) or one in the area filtered by, and the name and a piece of the description
    with the words searched for marked.
    """
    point = directory_search.place.point if directory_search.place else None
    area_ids = set(directory_search.area_ids)
    for card in cards:
        if point:
            located = [b for b in card.branches if b.located]
            if located:
                card.distance_km, card.shown_branch = min(
                    (
                        (geo.distance_km(point, geo.Point(b.latitude, b.longitude)), b)
                        for b in located
                    ),
                    key=lambda found: found[0],
                )
        elif area_ids:
            card.shown_branch = next(
                (b for b in card.branches if b.area_id in area_ids), card.shown_branch
            )
        if directory_search.text:
            card.highlighted_name = search.highlight(card.provider.name, directory_search.query)
            card.snippet = search.snippet(card.provider.description, directory_search.query)
    return cards


def nearest_cards(place, queryset, limit, radius_km=NEAREST_RADIUS_KM):
    """
    The cards of the `limit` providers of `queryset` nearest to `place` (within `radius_km`),
    nearest first, each showing its nearest branch and how far it is: the directory's own
    search in distance order, so one query whatever `limit` is.
    """
    nearest = DirectorySearch(place=place, radius_km=radius_km, order=DISTANCE)
    return Results(nearest, queryset)[:limit]


def first_cards(queryset, order, limit, chosen_service_ids=()):
    """
    The cards of the first `limit` providers of `queryset` in `order` (an article's "Find care
    for this"), the chosen services first among their offers.
    """
    first = queryset.order_by(*order).values("pk")[:limit]
    rows = (
        Provider.objects.using(queryset.db)
        .filter(pk__in=first)
        .order_by(*order)
        .only("name", "slug", "kind", "is_verified", "description")
        .annotate(card_data=F("card__data"))
    )
    reader = CardReader(chosen_service_ids)
    return [reader.read(row, row.card_data) for row in rows]


def map_markers(cards):
    """One marker per card's shown branch with a position, for the results map."""
    return [
        {
            "lat": card.shown_branch.latitude,
            "lng": card.shown_branch.longitude,
            "name": card.provider.name,
            "branch": card.shown_branch.name,
            "url": card.url,
        }
        for card in cards
        if card.shown_branch is not None and card.shown_branch.located
    ]
