"""Landing pages for a service, a condition and an area: who offers or treats it there."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import committed
from tests.factories import LocationFactory, ProviderFactory, ServiceFactory
from tests.pages import hrefs, names, text, title

ALPHA, BRAVO, CHARLIE = "Alpha Acupuncture", "Bravo Massage", "Charlie Physio"


def listed(response):
    """The names of the providers a landing page lists, A to Z (best match orders them)."""
    assert response.status_code == 200
    return sorted(names(response))


def directory_links(response):
    return [
        parse_qs(urlsplit(href).query)
        for href in hrefs(response)
        if urlsplit(href).path == "/providers/" and urlsplit(href).query
    ]


def test_a_service_page_explains_the_service(client, directory):
    page = text(client.get("/services/acupuncture/"))

    assert "Acupuncture" in page
    assert "What Acupuncture is, in plain words." in page


def test_a_service_page_lists_who_offers_it(client, directory):
    response = client.get("/services/acupuncture/")

    assert listed(response) == [ALPHA, CHARLIE]
    assert "Hidden Acupuncture" not in text(response)


def test_a_service_page_links_into_the_filtered_directory(client, directory):
    response = client.get("/services/acupuncture/")

    assert {"service": ["acupuncture"]} in directory_links(response)
    assert "See all 2 in the directory" in text(response)


def test_a_service_page_breaks_down_by_region_with_filtered_links(client, directory):
    response = client.get("/services/acupuncture/")

    by_region = {link["area"][0]: link for link in directory_links(response) if "area" in link}
    assert by_region == {
        "east": {"service": ["acupuncture"], "area": ["east"]},
        "west": {"service": ["acupuncture"], "area": ["west"]},
    }


def test_a_condition_page_lists_who_treats_it(client, directory):
    response = client.get("/conditions/scoliosis/")

    assert "Scoliosis" in text(response)
    assert listed(response) == [BRAVO, CHARLIE]
    assert {"condition": ["scoliosis"]} in directory_links(response)


def test_a_region_page_lists_providers_in_all_its_areas(client, directory):
    response = client.get("/areas/east/")

    assert "Back-pain care in East" in text(response)
    assert listed(response) == [ALPHA, BRAVO]
    assert {"area": ["east"]} in directory_links(response)
    # Its areas are linked.
    assert "/areas/tampines/" in hrefs(response)
    assert "/areas/bedok/" in hrefs(response)


def test_an_area_page_lists_providers_in_that_area_only(client, directory):
    response = client.get("/areas/bedok/")

    assert listed(response) == [BRAVO]
    assert {"area": ["bedok"]} in directory_links(response)
    # The breadcrumbs lead back to its region.
    assert "/areas/east/" in hrefs(response)


def test_an_area_page_links_to_treatments_offered_there(client, directory):
    response = client.get("/areas/east/")

    links = directory_links(response)
    assert {"area": ["east"], "service": ["acupuncture"]} in links
    assert {"area": ["east"], "service": ["swedish-massage"]} in links
    assert {"area": ["east"], "service": ["cupping"]} not in links
    # As the landing page's canonical address puts them (providers.indexing).
    assert "/providers/?service=acupuncture&area=east" in hrefs(response)


def test_a_term_page_is_titled_apart_from_the_article_of_the_same_name(client, directory):
    assert title(client.get("/conditions/sciatica/")) == (
        "Sciatica: what it is and who treats it – Back Pain Care Directory"
    )
    # Over 65 characters with the site's name, so without it.
    assert title(client.get("/services/acupuncture/")) == (
        "Acupuncture: what it is and who offers it"
    )


def test_a_landing_page_without_providers_says_so(client, directory):
    ServiceFactory(name="Cupping therapy", slug="cupping-therapy")
    response = client.get("/services/cupping-therapy/")

    assert listed(response) == []
    assert "No providers are listed here yet" in text(response)


def test_a_landing_page_has_a_canonical_url(client, directory):
    body = client.get("/conditions/sciatica/?page=1").content.decode()

    assert '<link rel="canonical" href="http://testserver/conditions/sciatica/">' in body


@pytest.mark.parametrize("prefix", ["/services/", "/conditions/", "/areas/"])
def test_an_unknown_slug_is_not_found(client, directory, prefix):
    response = client.get(prefix + "no-such-thing/")

    assert response.status_code == 404
    assert "We could not find that page" in text(response)


# -- an area without providers ------------------------------------------------------------------


@pytest.fixture
def bedok_without_providers(places):
    """Bedok, where no provider is listed, 4.4 km from Tampines and 20.5 km from Jurong East."""
    with committed():
        places.bedok.latitude, places.bedok.longitude = 1.3236, 103.9273
        places.bedok.save()
    return places


def provider_in(area, name, latitude, longitude):
    provider = ProviderFactory(name=name)
    LocationFactory(provider=provider, area=area, latitude=latitude, longitude=longitude)
    return provider


def test_an_area_without_providers_lists_the_nearest_with_their_distance(
    client, bedok_without_providers
):
    world = bedok_without_providers
    provider_in(world.tampines, "Near Physio", 1.3496, 103.9568)
    provider_in(world.jurong, "Far Physio", 1.3329, 103.7436)

    response = client.get("/areas/bedok/")
    page = text(response)

    assert "No providers are listed here yet" in page
    assert "The nearest providers to Bedok" in page
    assert re.search(r"Near Physio .*?4\.4 km", page)
    assert "Far Physio" not in page  # farther than 20 km
    assert "/providers/?near=Bedok&radius=20" in hrefs(response)


def test_an_area_with_providers_lists_no_nearest(client, directory):
    page = text(client.get("/areas/bedok/"))

    assert "Bravo Massage" in page
    assert "The nearest providers" not in page


def test_an_empty_area_page_costs_as_many_queries_for_six_nearest_as_for_one(
    client, bedok_without_providers, django_assert_num_queries
):
    world = bedok_without_providers
    provider_in(world.tampines, "Near 0", 1.3496, 103.9568)
    client.get("/areas/bedok/")  # the vocabulary and the counts, cached until a listing changes
    # The area, its subareas and the nearest providers with their cards.
    with django_assert_num_queries(3):
        assert "Near 0" in text(client.get("/areas/bedok/"))

    for n in range(1, 8):
        provider_in(world.tampines, f"Near {n}", 1.3496, 103.9568 - n / 1000)
    client.get("/areas/bedok/")
    with django_assert_num_queries(3):
        response = client.get("/areas/bedok/")

    assert len(re.findall(r'class="card__distance"', response.content.decode())) == 6
