"""
Reading the "where" of a search: a postal code, an area or region, or "lat,lng".

Which postal codes exist is data, not code: each market's sectors (a code's leading digits,
the length of a whole code, and a rough centre) come from its data file into the
PostalSector table, and reach here with the rest of the vocabulary.
"""

import re
from dataclasses import dataclass

from providers.geo import Point

LAT_LNG = re.compile(r"^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*,\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$")


class PlaceError(ValueError):
    """What the visitor typed could not be placed; the message says why, for the page."""


@dataclass(frozen=True)
class Place:
    point: Point
    label: str


def resolve(text, vocabulary):
    """The Place that text names, or PlaceError with a message a visitor can act on."""
    text = " ".join((text or "").split())
    if not text:
        raise PlaceError("Type a postal code, an area, or latitude,longitude.")
    found = LAT_LNG.match(text)
    if found:
        try:
            point = Point(float(found.group(1)), float(found.group(2)))
        except ValueError as error:
            raise PlaceError(f"“{text}” is not a position on Earth. {error}") from None
        return Place(point, "your location")
    digits = text.replace(" ", "")
    if digits.isdigit():
        return _postal_code(digits, vocabulary)
    wanted = text.lower()
    for term in vocabulary.areas:
        if wanted in (term.slug, term.name.lower()):
            if term.latitude is None or term.longitude is None:
                raise PlaceError(f"We do not know where {term.name} is on the map yet.")
            return Place(Point(term.latitude, term.longitude), term.name)
    raise PlaceError(
        f"We could not find “{text}”. Try a postal code, an area such as "
        f"{_example_area(vocabulary)}, or latitude,longitude."
    )


def _postal_code(digits, vocabulary):
    sectors = vocabulary.postal_sectors
    lengths = sorted({int(term.parent_slug) for term in sectors if term.parent_slug.isdigit()})
    if not lengths:
        raise PlaceError("Postal codes cannot be looked up on this site yet; try an area.")
    if len(digits) not in lengths:
        expected = " or ".join(str(n) for n in lengths)
        raise PlaceError(f"A postal code here has {expected} digits; “{digits}” has {len(digits)}.")
    candidates = [
        term
        for term in sectors
        if term.parent_slug == str(len(digits)) and digits.startswith(term.slug)
    ]
    if not candidates:
        prefix = min((len(term.slug) for term in sectors), default=2)
        raise PlaceError(
            f"We do not know where postal codes starting {digits[:prefix]} are. "
            "Please check the code, or type an area."
        )
    sector = max(candidates, key=lambda term: len(term.slug))
    return Place(Point(sector.latitude, sector.longitude), f"postal code {digits}")


def _example_area(vocabulary):
    areas = [term for term in vocabulary.areas if term.parent_slug]
    return areas[0].name if areas else "your town"
