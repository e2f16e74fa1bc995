"""Searching near a place: distance order, radius edges, nearest branch, bad input."""

import json
import math

import pytest

from providers import geo
from providers.directory import DISTANCE, DirectorySearch, Results
from providers.models import PostalSector, Provider
from providers.places import Place
from tests.factories import AreaFactory, LocationFactory, ProviderFactory, RegionFactory
from tests.pages import cards, names, text

pytestmark = pytest.mark.django_db

ORIGIN = geo.Point(1.35, 103.90)


def east_of(km):
    """A point km kilometres due east of ORIGIN."""
    degrees = math.degrees(km / (geo.EARTH_RADIUS_KM * math.cos(math.radians(ORIGIN.latitude))))
    return ORIGIN.latitude, ORIGIN.longitude + degrees


@pytest.fixture
def town():
    region = RegionFactory(name="East Region", slug="east-region", latitude=1.35, longitude=103.9)
    home = AreaFactory(
        name="Home Town", slug="home-town", parent=region, latitude=1.35, longitude=103.9
    )
    far = AreaFactory(
        name="Far Town", slug="far-town", parent=region, latitude=1.35, longitude=104.2
    )
    PostalSector.objects.create(prefix="52", code_length=6, latitude=1.35, longitude=103.90)

    def provider(name, *km_and_areas):
        made = ProviderFactory(name=name)
        for km, area, branch in km_and_areas:
            lat, lng = east_of(km)
            LocationFactory(provider=made, name=branch, area=area, latitude=lat, longitude=lng)
        return made

    # A metre inside each whole kilometre: the radius is inclusive at its edge (and the
    # law of cosines is only good to about a decimetre).
    provider("One Km", (0.999, home, "Home Town"))
    provider("Three Km", (2.999, home, "Home Town"))
    provider("Chain", (20.0, far, "Far Town"), (1.999, home, "Riverside branch"))
    provider("Far Away", (20.0, far, "Far Town"))
    return locals()


def get(client, **params):
    response = client.get("/providers/", params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("near", ["520123", "Home Town", "home-town", "1.35,103.9"])
def test_results_come_nearest_first_with_their_distance(client, town, near):
    response = get(client, near=near)

    assert names(response) == ["One Km", "Chain", "Three Km"]
    assert response.context["filter"].sorted_by == "distance"
    page = text(response)
    assert "1.0 km · Home Town branch" in page
    assert "2.0 km · Riverside branch" in page


def test_a_provider_with_several_branches_is_shown_by_its_nearest(client, town):
    response = get(client, near="520123")

    chain = next(card for card in cards(response) if card.provider.name == "Chain")
    assert chain.shown_branch.name == "Riverside branch"
    assert chain.distance_km == pytest.approx(1.999, abs=0.001)


@pytest.mark.parametrize(
    "radius, expected",
    [
        ("1", ["One Km"]),
        ("2", ["One Km", "Chain"]),
        ("3", ["One Km", "Chain", "Three Km"]),
        ("50", ["One Km", "Chain", "Three Km", "Far Away"]),
    ],
)
def test_a_branch_on_the_radius_is_inside(client, town, radius, expected):
    assert names(get(client, near="1.35,103.9", radius=radius)) == expected


def test_the_default_radius_is_5_km(client, town):
    assert "Far Away" not in names(get(client, near="520123"))


def test_pages_in_distance_order_are_slices_of_the_whole_order(client, town, settings):
    # Providers sharing a building tie on distance and go by name; an unpublished one and
    # one whose only branch is outside the radius but inside its box are left out.
    for n, km in enumerate([4.5, 0.5, 3.2, 1.5, 0.5, 2.5, 0.5, 4.0, 1.5]):
        town["provider"](f"{'QDKAZ'[n % 5]}{n} Rooms", (km, town["home"], "Main"))
    hidden = town["provider"]("Hidden", (0.1, town["home"], "Main"))
    Provider.objects.filter(pk=hidden.pk).update(is_published=False)
    lat, lng = east_of(4.9)
    corner = ProviderFactory(name="Corner")
    LocationFactory(provider=corner, area=town["home"], latitude=lat + 0.03, longitude=lng)
    nearest = DirectorySearch(place=Place(ORIGIN, "here"), radius_km=5, order=DISTANCE)
    listed = Provider.objects.listed()
    whole = [provider.name for provider in nearest.ordered(nearest.providers(listed))]
    assert len(whole) == 12 and "Hidden" not in whole and "Corner" not in whole

    # Each page is read from the branches nearest first (Results.nearest_ids).
    results = Results(nearest, listed)
    for start, stop in [(0, 3), (1, 4), (0, 4), (0, 5), (2, 7), (5, 10), (10, 12), (0, 12)]:
        assert [card.provider.name for card in results[start:stop]] == whole[start:stop]

    settings.DIRECTORY_PAGE_SIZE = 5
    assert names(get(client, near="1.35,103.9", page="2")) == whole[5:10]


def test_sort_by_name_still_filters_by_distance(client, town):
    assert names(get(client, near="520123", sort="name")) == ["Chain", "One Km", "Three Km"]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"near": "740000"}, "We do not know where postal codes starting 74 are"),
        ({"near": "5201"}, "has 6 digits"),
        ({"near": "Atlantis"}, "We could not find “Atlantis”"),
        ({"near": "99,999"}, "not a position on Earth"),
        ({"near": "520123", "radius": "0"}, "greater than or equal to 1"),
        ({"near": "520123", "radius": "51"}, "less than or equal to 50"),
        ({"near": "520123", "radius": "far"}, "Enter a number"),
        ({"sort": "distance"}, "Nearest first needs a place"),
    ],
)
def test_a_bad_place_or_radius_is_explained_and_the_rest_applied(client, town, params, message):
    response = get(client, q="one", **params)

    page = text(response)
    assert "We could not use" in page
    assert message in page
    # The text search still applies (and a bad radius falls back to 5 km around the place).
    assert names(response) == ["One Km"]


def test_an_area_filter_shows_the_branch_in_that_area(client, town):
    response = get(client, area="home-town")

    chain = next(card for card in cards(response) if card.provider.name == "Chain")
    assert chain.shown_branch.name == "Riverside branch"


def test_the_results_map_gets_one_marker_per_shown_branch(client, town):
    response = get(client, near="520123")

    body = response.content.decode()
    data = json.loads(
        body.split('id="map-markers" type="application/json">')[1].split("</script>")[0]
    )
    assert [m["name"] for m in data] == ["One Km", "Chain", "Three Km"]
    assert data[1]["branch"] == "Riverside branch"
    assert data[1]["url"] == "/providers/" + cards(response)[1].provider.slug + "/"
    assert 'data-tile-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in body
    assert "vendor/leaflet/leaflet.js" in body


def test_the_page_loads_no_inline_script_and_no_inline_style(client, town):
    body = get(client, near="520123").content.decode()

    for script in body.split("<script")[1:]:
        head = script.split(">", 1)[0]
        assert "src=" in head or 'type="application/json"' in head or "ld+json" in head
    assert " style=" not in body
    assert " onclick=" not in body


def test_the_where_box_offers_areas_and_the_locate_button_waits_for_javascript(client, town):
    body = get(client).content.decode()

    assert '<datalist id="places">' in body
    assert '<option value="Home Town">' in body
    assert "data-locate hidden" in body
