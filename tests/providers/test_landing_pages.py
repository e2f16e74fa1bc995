"""Landing pages for a service, a condition and an area: who offers or treats it there."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.factories import ServiceFactory
from tests.pages import hrefs, names, text

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
