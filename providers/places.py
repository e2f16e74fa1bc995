"""
Reading the "where" of a search as people say it: a postal code, an area or region, a train
station, a landmark or neighbourhood, a short name of an area ("AMK"), or "lat,lng".

Which postal codes and which named places exist is data, not code: each market's postal
sectors (a code's leading digits, the length of a whole code, and a rough centre) and its
places (providers.models.Place) come from its data files, and reach here with the rest of the
vocabulary (providers.vocabulary), so reading a place costs no query.

Names are compared as keys: lower case, without accents, punctuation or the words that only
say "the station" ("MRT", "station", …). When a key names several things, an area wins over a
landmark or neighbourhood, which wins over a station ("Bishan" is the town), unless the
visitor said "station" ("Bishan MRT" is the station).
"""

import difflib
import re
import unicodedata
from dataclasses import dataclass

from markets import market
from providers.geo import Point

LAT_LNG = re.compile(r"^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*,\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$")

# Place kinds, as providers.models.PlaceKind stores them.
STATION = "station"
ABBREVIATION = "abbreviation"
# How many "Did you mean …" suggestions a PlaceError carries, and how close they must be.
SUGGESTIONS = 3
SUGGESTION_CUTOFF = 0.6


class PlaceError(ValueError):
    """
    What the visitor typed could not be placed; the message says why, for the page, and
    `suggestions` names up to three known places the visitor may have meant.
    """

    def __init__(self, message, suggestions=()):
        super().__init__(message)
        self.suggestions = list(suggestions)


@dataclass(frozen=True)
class Place:
    point: Point
    label: str


def words(text):
    """The words of a place's name as compared: lower case, no accents, no punctuation."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c))
    # "Women's" and "Womens" are one word, "one-north" and "one north" two.
    text = re.sub(r"['’]", "", text)
    return re.sub(r"[\W_]+", " ", text).split()


def key(text):
    """(the name's key, whether it said "station"): "Bishan MRT" → ("bishan", True)."""
    found = words(text)
    # Words the market's transit systems put after a station's name ("Bishan MRT", "Bishan
    # station" and "Bishan MRT stn" name one station).
    station_words = market.current().station_words
    kept = [word for word in found if word not in station_words]
    return " ".join(kept), len(kept) < len(found)


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
    wanted, says_station = key(text)
    place = _named(wanted, says_station, vocabulary) if wanted else None
    if place is None:
        raise PlaceError(
            f"We could not find “{text}”. Try a postal code, an area such as "
            f"{_example_area(vocabulary)}, a station, or latitude,longitude.",
            suggestions=suggest(wanted or text, vocabulary),
        )
    return place


def _named(wanted, says_station, vocabulary, short_name_of=None):
    matches = [place for place in vocabulary.places if wanted in place.keys]
    station = next((place for place in matches if place.kind == STATION), None)
    if station and says_station:
        return Place(Point(station.latitude, station.longitude), station.label)
    for term in vocabulary.areas:
        if wanted in (key(term.name)[0], key(term.slug)[0]):
            if term.latitude is None or term.longitude is None:
                raise PlaceError(f"We do not know where {term.name} is on the map yet.")
            return Place(Point(term.latitude, term.longitude), term.name)
    other = next((place for place in matches if place.kind != STATION), None)
    if other and other.kind == ABBREVIATION and says_station and short_name_of is None:
        # "AMK MRT": the station of the area AMK stands for, if it has one.
        return _named(key(other.label)[0], True, vocabulary, short_name_of=other)
    chosen = other or station or short_name_of
    if chosen is None:
        return None
    return Place(Point(chosen.latitude, chosen.longitude), chosen.label)


def suggest(text, vocabulary):
    """Up to SUGGESTIONS names of known places and areas close to text, best first."""
    wanted = key(text)[0] or text.lower()
    names = {}
    for term in vocabulary.areas:
        names.setdefault(key(term.name)[0], term.name)
    # Areas first, then landmarks and neighbourhoods, then stations: as resolve() prefers.
    for place in sorted(vocabulary.places, key=lambda place: place.kind == STATION):
        for place_key in place.keys:
            names.setdefault(place_key, place.label)
    close = difflib.get_close_matches(wanted, names, n=SUGGESTIONS * 2, cutoff=SUGGESTION_CUTOFF)
    return list(dict.fromkeys(names[found] for found in close))[:SUGGESTIONS]


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
