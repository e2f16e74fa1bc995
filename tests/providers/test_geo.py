"""Distances, bounding boxes, and reading "where" (postal code, area, lat,lng)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from providers import geo, places
from providers.vocabulary import Term, Vocabulary

TAMPINES = geo.Point(1.3496, 103.9568)
BEDOK = geo.Point(1.3236, 103.9273)


def test_distance_between_two_towns_is_about_right():
    assert geo.distance_km(TAMPINES, BEDOK) == pytest.approx(4.37, abs=0.05)


def test_distance_to_itself_is_zero_even_when_rounding_pushes_past_one():
    assert geo.distance_km(TAMPINES, TAMPINES) == 0


def test_a_quarter_of_the_equator():
    assert geo.distance_km(geo.Point(0, 0), geo.Point(0, 90)) == pytest.approx(
        math.pi * geo.EARTH_RADIUS_KM / 2
    )


def test_the_bounding_box_holds_every_point_within_the_radius():
    box = geo.bounding_box(TAMPINES, 5)
    for bearing in range(0, 360, 15):
        # A point 4.99 km away in this direction.
        d = 4.99 / geo.EARTH_RADIUS_KM
        lat1, lng1, b = map(math.radians, (TAMPINES.latitude, TAMPINES.longitude, bearing))
        lat2 = math.asin(math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(b))
        lng2 = lng1 + math.atan2(
            math.sin(b) * math.sin(d) * math.cos(lat1),
            math.cos(d) - math.sin(lat1) * math.sin(lat2),
        )
        assert box.min_latitude <= math.degrees(lat2) <= box.max_latitude
        assert box.min_longitude <= math.degrees(lng2) <= box.max_longitude


def test_a_point_must_be_on_earth():
    with pytest.raises(ValueError):
        geo.Point(91, 0)


@pytest.fixture
def vocabulary():
    return Vocabulary(
        areas=[
            Term(1, "east-region", "East Region", latitude=1.35, longitude=103.94),
            Term(2, "tampines", "Tampines", "east-region", "East Region", 1.3496, 103.9568),
            Term(3, "nowhere", "Nowhere", "east-region", "East Region"),
        ],
        postal_sectors=[
            Term(10, "52", "Tampines, Pasir Ris", "6", latitude=1.35, longitude=103.95),
            Term(11, "01", "Raffles Place", "6", latitude=1.28, longitude=103.85),
        ],
    )


@pytest.mark.parametrize("typed", ["520123", " 520123 ", "520 123"])
def test_a_postal_code_is_placed_by_its_sector(vocabulary, typed):
    place = places.resolve(typed, vocabulary)

    assert place.point == geo.Point(1.35, 103.95)
    assert place.label == "postal code 520123"


def test_the_longest_known_prefix_wins(vocabulary):
    vocabulary.postal_sectors.append(Term(12, "521", "Tampines North", "6", "", 1.37, 103.96))

    assert places.resolve("521234", vocabulary).point == geo.Point(1.37, 103.96)


@pytest.mark.parametrize(
    "typed, message",
    [
        ("740123", "We do not know where postal codes starting 74 are"),
        ("52012", "A postal code here has 6 digits; “52012” has 5"),
        ("5201234", "has 7"),
        ("Atlantis", "We could not find “Atlantis”"),
        ("91,200", "not a position on Earth"),
        ("1.3,-190", "not a position on Earth"),
        ("Nowhere", "We do not know where Nowhere is on the map"),
        ("   ", "Type a postal code"),
    ],
)
def test_what_cannot_be_placed_is_explained(vocabulary, typed, message):
    with pytest.raises(places.PlaceError, match=message):
        places.resolve(typed, vocabulary)


def test_postal_codes_need_sectors_loaded(vocabulary):
    vocabulary.postal_sectors = []

    with pytest.raises(places.PlaceError, match="cannot be looked up"):
        places.resolve("520123", vocabulary)


def test_the_code_length_comes_from_the_data_not_the_code(vocabulary):
    vocabulary.postal_sectors = [Term(1, "100", "Somewhere", "5", "", 40.7, -74.0)]

    assert places.resolve("10001", vocabulary).point == geo.Point(40.7, -74.0)
    with pytest.raises(places.PlaceError, match="5 digits"):
        places.resolve("520123", vocabulary)


@pytest.mark.parametrize("typed", ["Tampines", "tampines", "TAMPINES"])
def test_an_area_is_found_by_name_or_slug(vocabulary, typed):
    assert places.resolve(typed, vocabulary).point == geo.Point(1.3496, 103.9568)


def test_a_region_is_a_place_too(vocabulary):
    assert places.resolve("east-region", vocabulary).label == "East Region"


@pytest.mark.parametrize("typed", ["1.3521,103.8198", " 1.3521 , 103.8198 ", "+1.3521,+103.8198"])
def test_latitude_longitude_is_read(vocabulary, typed):
    place = places.resolve(typed, vocabulary)

    assert place.point == geo.Point(1.3521, 103.8198)
    assert place.label == "your location"


# -- grid cells (filter facets) ---------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    latitude=st.floats(-60, 60),
    longitude=st.floats(-179.9, 179.9),
    radius=st.integers(1, 50),
    bearing=st.floats(0, 2 * math.pi),
    fraction=st.floats(0, 1),
)
def test_the_cells_covering_a_search_hold_every_branch_within_its_radius(
    latitude, longitude, radius, bearing, fraction
):
    centre = geo.Point(latitude, longitude)
    # A point `fraction` of the radius away, in the direction `bearing`.
    angle = radius * fraction / geo.EARTH_RADIUS_KM
    lat1, lng1 = math.radians(latitude), math.radians(longitude)
    lat2 = math.asin(
        math.sin(lat1) * math.cos(angle) + math.cos(lat1) * math.sin(angle) * math.cos(bearing)
    )
    lng2 = lng1 + math.atan2(
        math.sin(bearing) * math.sin(angle) * math.cos(lat1),
        math.cos(angle) - math.sin(lat1) * math.sin(lat2),
    )
    branch = geo.Point(math.degrees(lat2), (math.degrees(lng2) + 540) % 360 - 180)

    covering = geo.cells_covering(centre, radius)

    assert covering is not None and len(covering) <= geo.MAX_CELLS
    assert set(geo.cells(branch)) & set(covering)


def test_a_search_across_the_180th_meridian_covers_both_sides():
    covering = geo.cells_covering(geo.Point(-17.0, 179.99), 5)

    assert set(geo.cells(geo.Point(-17.0, -179.99))) & set(covering)


def test_the_corners_of_the_box_that_the_circle_misses_are_left_out():
    box = geo.bounding_box(TAMPINES, 5)
    size = geo.CELL_SIZES[1]
    corner = geo.cells(geo.Point(box.max_latitude, box.max_longitude))[1]
    beside = geo.cells(geo.Point(TAMPINES.latitude, box.max_longitude))[1]

    covering = geo.cells_covering(TAMPINES, 5)

    assert covering[0].startswith("k1") and size == 0.02
    assert beside in covering
    assert corner not in covering
