"""
A provider's result card: what the directory, the landing pages and an article's "Find care for
this" show of each provider they list.

Its branches (with their areas, regular hours and coming exceptions), offers and languages are
kept with the provider as one JSON document (ProviderCard, built by `card_data` when its derived
data is rebuilt, providers.derived), so that a page of cards is read in one query with the
providers it lists. `CardReader` reads them back as plain objects (a page has some thirty
branches in some sixty areas: building those as model instances cost more than reading them);
templates/providers/cards.html shows them.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.utils import timezone

from providers import hours as opening_hours

# Exceptions from the day before (a night's hours may run past midnight) to a week after: enough
# to say when a branch next opens.
EXCEPTIONS_BEFORE = datetime.timedelta(days=1)
EXCEPTIONS_AFTER = datetime.timedelta(days=8)
SERVICES_SHOWN = 3


def card_data(branches, offers, languages):
    """
    The stored card, from rows: `branches` as (id, name, latitude, longitude, area id, area
    name, region id, region name, [(weekday, opens, closes)], [(date, closed, opens, closes,
    reason)]), `offers` as (service id, service name, price), `languages` as names.
    """
    return {
        "branches": [
            {
                "id": pk,
                "name": name,
                "latitude": latitude,
                "longitude": longitude,
                "area_id": area_id,
                "area": area,
                "region_id": region_id,
                "region": region,
                "hours": [
                    {"weekday": weekday, "opens": _time(opens), "closes": _time(closes)}
                    for weekday, opens, closes in hours
                ],
                "exceptions": [
                    {
                        "date": date.isoformat(),
                        "closed": closed,
                        "opens": _time(opens),
                        "closes": _time(closes),
                        "reason": reason,
                    }
                    for date, closed, opens, closes, reason in exceptions
                ],
            }
            for (
                pk,
                name,
                latitude,
                longitude,
                area_id,
                area,
                region_id,
                region,
                hours,
                exceptions,
            ) in branches
        ],
        "offers": [
            {"service_id": sid, "service": name, "price": None if price is None else str(price)}
            for sid, name, price in offers
        ],
        "languages": list(languages),
    }


def _time(value):
    return value.isoformat() if value is not None else None


@dataclass(frozen=True, slots=True)
class CardArea:
    id: int
    name: str
    parent: "CardArea | None" = None


class CardInterval(NamedTuple):
    """A branch's regular opening hours on one weekday."""

    location_id: int
    weekday: int
    opens: datetime.time
    closes: datetime.time


class CardException(NamedTuple):
    """A branch's closure or special hours on one date."""

    location_id: int
    date: datetime.date
    closed: bool
    opens: datetime.time | None
    closes: datetime.time | None
    reason: str


@dataclass(slots=True)
class CardBranch:
    pk: int
    name: str
    area: CardArea
    latitude: float | None
    longitude: float | None
    regular_hours: list
    coming_exceptions: list

    @property
    def area_id(self):
        return self.area.id

    @property
    def located(self):
        return self.latitude is not None and self.longitude is not None


class CardOffer(NamedTuple):
    service_id: int
    service_name: str
    price: Decimal | None
    chosen: bool


@dataclass
class Card:
    """
    One provider as a result card shows it. The page that lists it sets which branch to show
    (the nearest to the place searched, or one in the area filtered by), its distance and the
    name and description with the searched words marked.
    """

    provider: object
    branches: list
    offers: list
    languages: list
    shown_branch: CardBranch | None = None
    distance_km: float | None = None
    highlighted_name: str = ""
    snippet: str = ""

    @cached_property
    def url(self):
        return self.provider.get_absolute_url()

    @property
    def shown_offers(self):
        return self.offers[:SERVICES_SHOWN]

    @property
    def more_offers(self):
        return max(len(self.offers) - SERVICES_SHOWN, 0)

    @property
    def more_branches(self):
        return max(len(self.branches) - 1, 0)

    def opening_status(self, moment):
        """When this provider is next open, from its branches' hours (`moment`: local time)."""
        intervals = [h for branch in self.branches for h in branch.regular_hours]
        exceptions = [e for branch in self.branches for e in branch.coming_exceptions]
        return opening_hours.status(intervals, moment, exceptions)


def _parse_time(value):
    return datetime.time.fromisoformat(value) if value else None


class CardReader:
    """Reads the stored cards of one page of results."""

    def __init__(self, chosen_service_ids=(), today=None):
        self.chosen = frozenset(chosen_service_ids)
        today = today or timezone.localdate()
        # ISO dates compare as text.
        self.since = (today - EXCEPTIONS_BEFORE).isoformat()
        self.until = (today + EXCEPTIONS_AFTER).isoformat()
        self.areas = {}
        self.times = {}

    def read(self, provider, data):
        """The Card of `provider` from its stored card."""
        data = data or {}
        branches = sorted(
            (self.branch(row) for row in data.get("branches") or []),
            key=lambda branch: (branch.name, branch.pk),
        )
        return Card(
            provider=provider,
            branches=branches,
            offers=self.offers(data.get("offers") or []),
            languages=sorted(data.get("languages") or [], key=str.lower),
            shown_branch=branches[0] if branches else None,
        )

    def time(self, value):
        # A page reads the same few opening times hundreds of times.
        if value not in self.times:
            self.times[value] = _parse_time(value)
        return self.times[value]

    def area(self, row):
        key = (row["area_id"], row["area"], row["region_id"], row["region"])
        found = self.areas.get(key)
        if found is None:
            parent = None
            if row["region_id"] is not None:
                parent = CardArea(row["region_id"], row["region"])
            found = self.areas[key] = CardArea(row["area_id"], row["area"], parent)
        return found

    def branch(self, row):
        pk = row["id"]
        hours = sorted(
            (
                CardInterval(pk, h["weekday"], self.time(h["opens"]), self.time(h["closes"]))
                for h in row["hours"]
            ),
            key=lambda interval: (interval.weekday, interval.opens),
        )
        exceptions = sorted(
            (
                CardException(
                    pk,
                    datetime.date.fromisoformat(e["date"][:10]),
                    bool(e["closed"]),
                    self.time(e["opens"]),
                    self.time(e["closes"]),
                    e["reason"],
                )
                for e in row["exceptions"]
                if self.since <= e["date"][:10] < self.until
            ),
            key=lambda e: (e.date, e.opens or datetime.time.min),
        )
        return CardBranch(
            pk,
            row["name"],
            self.area(row),
            row["latitude"],
            row["longitude"],
            hours,
            exceptions,
        )

    def offers(self, rows):
        """The services searched for first, then by price (price on request last) and name."""
        offers = [
            CardOffer(
                row["service_id"],
                row["service"],
                None if row["price"] is None else Decimal(str(row["price"])),
                row["service_id"] in self.chosen,
            )
            for row in rows
        ]
        return sorted(
            offers, key=lambda o: (not o.chosen, o.price is None, o.price or 0, o.service_name)
        )
