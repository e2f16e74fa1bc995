"""
A provider's stored card (ProviderCard.data, rebuilt with its search data) read back into what
its result card shows: its branches with their areas, regular hours and the coming week's
exceptions, its offers and its languages.

They are plain objects, not models: a page of twenty cards has some thirty branches in some
sixty areas, and building those as models (each with its init signals and related-object
caches) took more time than reading the JSON. Areas are shared across a page's cards, and
the day the exceptions are read from is settled once per page.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from django.utils import timezone

# From the day before (a night's hours may run past midnight) to a week after: enough to say
# when a branch next opens.
EXCEPTIONS_BEFORE = datetime.timedelta(days=1)
EXCEPTIONS_AFTER = datetime.timedelta(days=8)


@dataclass(frozen=True, slots=True)
class CardArea:
    id: int
    name: str
    parent: "CardArea | None" = None


class CardInterval(NamedTuple):
    """A branch's regular opening hours on one weekday."""

    location_id: int
    weekday: int
    opens: datetime.time | None
    closes: datetime.time | None


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
    """A branch as a card shows it and opening_hours.status() reads it."""

    pk: int
    provider_id: int
    name: str
    area: CardArea
    latitude: float | None
    longitude: float | None
    regular_hours: list
    coming_exceptions: list

    @property
    def area_id(self):
        return self.area.id


class CardOffer(NamedTuple):
    service_id: int
    service_name: str
    price: Decimal | None
    chosen: bool


@lru_cache(maxsize=4096)
def parse_time(value):
    """A time written in JSON ("09:30:00"); a page reads the same few hundred times."""
    return datetime.time.fromisoformat(value[:8]) if value else None


def sorted_exceptions(location_id, rows):
    """A branch's exceptions from their JSON rows, by date and opening time."""
    return sorted(
        (
            CardException(
                location_id,
                datetime.date.fromisoformat(row["date"][:10]),
                bool(row["closed"]),
                parse_time(row["opens"]),
                parse_time(row["closes"]),
                row["reason"],
            )
            for row in rows
        ),
        key=lambda e: (e.date, e.opens or datetime.time.min),
    )


class CardReader:
    """Reads the stored cards of one list of results."""

    def __init__(self, chosen_service_ids=(), today=None):
        self.chosen = frozenset(chosen_service_ids)
        today = today or timezone.localdate()
        # ISO dates compare as text.
        self.since = (today - EXCEPTIONS_BEFORE).isoformat()
        self.until = (today + EXCEPTIONS_AFTER).isoformat()
        self.areas = {}

    def fill(self, provider, data):
        """Set `branches`, `card_offers` and `card_languages` on provider from its card."""
        data = data or {}
        provider.branches = sorted(
            (self.branch(provider.pk, row) for row in data.get("branches") or []),
            key=lambda branch: (branch.name, branch.pk),
        )
        provider.card_offers = self.offers(data.get("offers") or [])
        provider.card_languages = sorted(data.get("languages") or [], key=str.lower)

    def area(self, row):
        key = (row["area_id"], row["area"], row["region_id"], row["region"])
        found = self.areas.get(key)
        if found is None:
            parent = None
            if row["region_id"] is not None:
                parent = CardArea(row["region_id"], row["region"])
            found = self.areas[key] = CardArea(row["area_id"], row["area"], parent)
        return found

    def branch(self, provider_id, row):
        pk = row["id"]
        hours = sorted(
            (
                CardInterval(
                    pk, hour["weekday"], parse_time(hour["opens"]), parse_time(hour["closes"])
                )
                for hour in row["hours"]
            ),
            key=lambda interval: (interval.weekday, interval.opens),
        )
        exceptions = sorted_exceptions(
            pk, (e for e in row["exceptions"] if self.since <= e["date"][:10] < self.until)
        )
        return CardBranch(
            pk,
            provider_id,
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
            offers,
            key=lambda o: (not o.chosen, o.price is None, o.price or 0, o.service_name),
        )
