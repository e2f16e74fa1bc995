"""
"Where" as people say it: stations, landmarks, neighbourhoods and short names of areas, read
from the market's data files (manage.py load_search_data), and "Did you mean …" when a place
cannot be found.
"""

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command

from providers import geo
from providers.demo import data as market_data
from providers.demo.seeding import SeedResult, upsert_vocabularies
from providers.models import Place, PlaceKind
from providers.places import PlaceError
from providers.vocabulary import Vocabulary
from tests.conftest import committed
from tests.pages import hrefs, text

pytestmark = pytest.mark.django_db


def load_search_data():
    out = io.StringIO()
    call_command("load_search_data", "--market", "singapore", stdout=out)
    return out.getvalue()


@pytest.fixture
def singapore():
    """Singapore's areas (as the demo seeds them) and its search data, as a real site loads it."""
    with committed():
        upsert_vocabularies(market_data.load("singapore"), SeedResult())
    with committed():
        load_search_data()
    return Vocabulary.current()


def resolve(typed, vocabulary):
    from providers.places import resolve

    return resolve(typed, vocabulary)


@pytest.mark.parametrize(
    "typed, label",
    [
        ("Jurong", "Jurong"),
        ("AMK", "Ang Mo Kio"),
        ("amk", "Ang Mo Kio"),
        ("CCK", "Choa Chu Kang"),
        ("TPY", "Toa Payoh"),
        ("Raffles Place", "Raffles Place"),
        ("Simei", "Simei"),
        ("Bishan MRT", "Bishan MRT station"),
        ("Bishan MRT station", "Bishan MRT station"),
        ("Bishan station", "Bishan MRT station"),
        ("bishan stn.", "Bishan MRT station"),
        ("Bishan", "Bishan"),
        ("Orchard Road", "Orchard Road"),
        ("orchard rd", "Orchard Road"),
        ("Tampines Mall", "Tampines Mall"),
        ("Holland Village", "Holland Village"),
        ("holland v", "Holland Village"),
        ("CBD", "Central Business District"),
        ("SGH", "Singapore General Hospital"),
        ("KK Womens & Childrens Hospital", "KK Women's and Children's Hospital"),
        ("Jewel", "Jewel Changi Airport"),
        ("one north mrt", "one-north MRT station"),
        ("Punggol Point LRT", "Punggol Point LRT station"),
        ("AMK MRT", "Ang Mo Kio MRT station"),
    ],
)
def test_a_place_is_read_as_people_say_it(singapore, typed, label):
    assert resolve(typed, singapore).label == label


def test_a_postal_code_is_still_read_by_its_sector(singapore):
    assert resolve("570123", singapore).label == "postal code 570123"


def test_a_bare_name_of_an_area_and_a_station_is_the_area(singapore):
    bishan = resolve("Bishan", singapore)
    station = resolve("Bishan MRT", singapore)

    assert bishan.point == geo.Point(1.3526, 103.8352)  # the area's centre, from the data file
    assert station.point != bishan.point
    assert geo.distance_km(station.point, bishan.point) < 2


def test_an_interchange_is_one_station_of_the_main_system(singapore):
    assert Place.objects.filter(name__startswith="Dhoby Ghaut").count() == 1
    # Choa Chu Kang is an MRT station and the start of an LRT line.
    assert Place.objects.filter(name="Choa Chu Kang MRT station").exists()
    assert not Place.objects.filter(name="Choa Chu Kang LRT station").exists()


def test_the_stations_file_is_credited_beside_it():
    credit = (market_data.DATA_DIR / "singapore-stations.md").read_text()

    assert "Singapore Open Data Licence" in credit
    assert "Land Transport Authority" in credit


def test_a_named_place_lies_within_300_m_of_where_the_data_says(singapore):
    holland = resolve("Holland Village", singapore)
    station = resolve("Holland Village MRT", singapore)

    assert geo.distance_km(holland.point, station.point) < 0.3


def test_reading_a_place_costs_no_query(singapore, django_assert_num_queries):
    vocabulary = Vocabulary.current()

    with django_assert_num_queries(0):
        assert resolve("Tampines Mall", vocabulary).label == "Tampines Mall"


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("Tampnies", "Tampines"),
        ("Orchad Road", "Orchard Road"),
        ("Hollnd Villge", "Holland Village"),
    ],
)
def test_a_misspelt_place_suggests_what_it_may_be(singapore, typed, meant):
    with pytest.raises(PlaceError, match=f"We could not find “{typed}”") as error:
        resolve(typed, singapore)

    assert error.value.suggestions[0] == meant
    assert len(error.value.suggestions) <= 3


def test_nothing_close_suggests_nothing(singapore):
    with pytest.raises(PlaceError) as error:
        resolve("Zzyzx", singapore)

    assert error.value.suggestions == []


def test_a_place_a_moderator_adds_is_found_at_once(singapore):
    with committed():
        Place.objects.create(
            name="Kampung Admiralty", kind=PlaceKind.LANDMARK, latitude=1.4395, longitude=103.8005
        )

    assert resolve("kampung admiralty", Vocabulary.current()).label == "Kampung Admiralty"


# -- the directory ------------------------------------------------------------------------------


def test_the_directory_searches_near_a_station(client, singapore):
    response = client.get("/providers/", {"near": "Bishan MRT"})

    assert "Within 5 km of Bishan MRT station" in text(response)


def test_the_directory_offers_what_a_misspelt_place_may_be(client, singapore):
    response = client.get("/providers/", {"q": "massage", "near": "Tampnies", "page": "2"})
    page = text(response)

    assert "We could not use: Where: We could not find “Tampnies”" in page
    assert "Did you mean Tampines" in page
    suggested = [parse_qs(urlsplit(href).query) for href in hrefs(response) if "near=" in href]
    # The same search with "Where" replaced, from the first page.
    assert {"q": ["massage"], "near": ["Tampines"]} in suggested


def test_the_directory_suggests_areas_stations_and_landmarks_while_typing(client, singapore):
    body = client.get("/providers/").content.decode()
    datalist = re.search(r'<datalist id="places">(.*?)</datalist>', body, re.S).group(1)
    options = re.findall(r'<option value="([^"]*)">', datalist)

    assert {"Bishan", "Bishan MRT station", "Tampines Mall", "Holland Village"} <= set(options)
    assert "Punggol Point LRT station" in options
    # Short names are for typing, not for offering.
    assert "AMK" not in options
    assert len(datalist) < 12_000


# -- loading ------------------------------------------------------------------------------------


def test_loading_the_search_data_again_changes_nothing(singapore):
    before = list(Place.objects.order_by("pk").values())

    output = load_search_data()

    assert re.search(r"Places: 0 created, 0 updated, \d+ unchanged", output)
    assert list(Place.objects.order_by("pk").values()) == before


def test_loading_brings_back_the_data_files_places_and_keeps_a_moderators(singapore):
    Place.objects.filter(name="Tampines Mall").update(latitude=1.0, longitude=104.0)
    Place.objects.filter(name="Simei", kind=PlaceKind.NEIGHBOURHOOD).delete()
    own = Place.objects.create(
        name="Kampung Admiralty", kind=PlaceKind.LANDMARK, latitude=1.4395, longitude=103.8005
    )

    output = load_search_data()

    assert "Places: 1 created, 1 updated" in output
    assert Place.objects.get(name="Tampines Mall").latitude == pytest.approx(1.3525)
    assert Place.objects.filter(pk=own.pk).exists()


def test_a_short_name_of_an_area_the_site_lacks_is_skipped():
    output = load_search_data()

    assert Place.objects.filter(kind=PlaceKind.STATION).exists()
    assert not Place.objects.filter(kind=PlaceKind.ABBREVIATION).exists()
    assert "Places:" in output


def test_the_demo_loads_the_places_too(singapore):
    # seed_demo runs the same upsert after the areas (providers.demo.seeding.seed).
    call_command("seed_demo", providers=0, photos=0, articles=False, stdout=io.StringIO())

    assert resolve("AMK", Vocabulary.current()).label == "Ang Mo Kio"
