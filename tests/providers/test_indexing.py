"""
One indexing policy for the directory: landing pages (at most one service or condition, at
most one place, a page number) are indexable with a canonical address to themselves; every
other combination is `noindex, follow`, with no canonical; empty pages are noindex too.
"""

import itertools

import pytest
from django.http import QueryDict

from providers.indexing import landing_parameters
from tests.factories import (
    AreaFactory,
    ConditionFactory,
    LocationFactory,
    ProviderFactory,
    ServiceFactory,
)
from tests.pages import canonical, description, robots, title
from tests.sitemaps import sitemap_urls

pytestmark = pytest.mark.django_db

NOINDEX = "noindex, follow"
SITE = "http://testserver"

# (address, its canonical address when it is a landing page, or None when it is noindex)
ADDRESSES = [
    ("/providers/", "/providers/"),
    ("/providers/?service=acupuncture", "/providers/?service=acupuncture"),
    ("/providers/?condition=sciatica", "/providers/?condition=sciatica"),
    ("/providers/?area=east", "/providers/?area=east"),
    (
        "/providers/?area=tampines&service=acupuncture",
        "/providers/?service=acupuncture&area=tampines",
    ),
    (
        "/providers/?condition=sciatica&area=jurong-east",
        "/providers/?condition=sciatica&area=jurong-east",
    ),
    ("/providers/?q=&near=&service=cupping", "/providers/?service=cupping"),
    ("/providers/?page=1&service=acupuncture", "/providers/?service=acupuncture"),
    ("/providers/?service=acupuncture&service=cupping", None),
    ("/providers/?condition=sciatica&condition=scoliosis", None),
    ("/providers/?service=acupuncture&condition=sciatica", None),
    ("/providers/?area=east&area=west", None),
    ("/providers/?service=acupuncture&kind=acupuncture", None),
    ("/providers/?q=back", None),
    ("/providers/?service=acupuncture&sort=name", None),
    ("/providers/?near=Tampines", None),
    ("/providers/?area=tampines&open_now=on", None),
    ("/providers/?service=acupuncture&language=english", None),
    ("/providers/?service=no-such-treatment", None),
    ("/providers/?area=tampines&utm_source=newsletter", None),
    # Nobody offers Swedish massage in the West: an empty landing page.
    ("/providers/?service=swedish-massage&area=west", None),
]


@pytest.mark.parametrize(("address", "canonical_address"), ADDRESSES)
def test_a_directory_address_is_a_landing_page_or_noindex(
    client, directory, address, canonical_address
):
    response = client.get(address)

    assert response.status_code == 200
    if canonical_address is None:
        assert robots(response) == NOINDEX
        assert canonical(response) is None
    else:
        assert robots(response) is None
        assert canonical(response) == SITE + canonical_address


def test_page_two_of_a_landing_page_is_a_landing_page_of_its_own(client, directory, settings):
    settings.DIRECTORY_PAGE_SIZE = 1

    response = client.get("/providers/?page=2&area=east")

    assert robots(response) is None
    assert canonical(response) == f"{SITE}/providers/?area=east&page=2"
    # With the site's name it would run over 65 characters.
    assert title(response) == "Back-pain care providers in East (page 2)"


@pytest.mark.parametrize(
    ("query", "parameters"),
    [
        ("", {}),
        ("page=3", {}),
        ("service=a&area=b", {"service": "a", "area": "b"}),
        ("condition=a&q=", {"condition": "a"}),
        ("service=a&condition=b", None),
        ("service=a&service=b", None),
        ("area=a&radius=5", None),
        ("sort=relevance", None),
    ],
)
def test_the_policy_reads_only_the_query(query, parameters):
    assert landing_parameters(QueryDict(query)) == parameters


def test_a_term_page_without_providers_is_noindex(client, directory):
    ServiceFactory(name="Hot stone massage", slug="hot-stone-massage")

    response = client.get("/services/hot-stone-massage/")

    assert robots(response) == NOINDEX
    assert canonical(response) is None


def test_an_area_page_listing_only_the_nearest_providers_is_noindex(client, directory):
    AreaFactory(name="Pasir Ris", slug="pasir-ris", parent=directory.east, latitude=1.37)

    response = client.get("/areas/pasir-ris/")

    assert robots(response) == NOINDEX


def test_a_term_page_with_providers_is_indexable(client, directory):
    response = client.get("/conditions/sciatica/")

    assert robots(response) is None
    assert canonical(response) == f"{SITE}/conditions/sciatica/"


def test_the_sitemap_leaves_out_empty_term_pages(client, directory):
    ServiceFactory(slug="hot-stone-massage")
    ConditionFactory(slug="spinal-stenosis")
    AreaFactory(slug="pasir-ris", parent=directory.east)
    # Listed by a hidden provider only.
    ProviderFactory(is_published=False, services=[ServiceFactory(slug="hidden-only")])

    urls = sitemap_urls(client)

    assert f"{SITE}/services/acupuncture/" in urls
    assert f"{SITE}/conditions/scoliosis/" in urls
    assert f"{SITE}/areas/east/" in urls
    assert f"{SITE}/areas/bedok/" in urls
    for empty in ("hot-stone-massage", "hidden-only", "spinal-stenosis", "pasir-ris"):
        assert not any(empty in url for url in urls)


def test_the_sitemap_lists_the_home_page_the_directory_and_the_articles(client, directory):
    urls = sitemap_urls(client)

    assert {f"{SITE}/", f"{SITE}/providers/", f"{SITE}/articles/"} <= set(urls)


def landing_addresses(directory):
    """Every landing combination of the test directory: directory pages and term pages."""
    terms = [None] + [("service", s) for s in ("acupuncture", "swedish-massage", "cupping")]
    terms += [("condition", c) for c in ("sciatica", "scoliosis")]
    places = [None, "east", "west", "tampines", "bedok", "jurong-east"]
    for term, place in itertools.product(terms, places):
        query = "&".join(
            part
            for part in (f"{term[0]}={term[1]}" if term else "", f"area={place}" if place else "")
            if part
        )
        yield f"/providers/?{query}" if query else "/providers/"
    yield from ("/services/acupuncture/", "/services/swedish-massage/", "/services/cupping/")
    yield from ("/conditions/sciatica/", "/conditions/scoliosis/")
    yield from (f"/areas/{place}/" for place in places[1:])


def test_every_landing_page_has_a_short_title_and_description_of_its_own(client, directory):
    titles = {}
    for address in landing_addresses(directory):
        response = client.get(address)
        assert response.status_code == 200
        if robots(response) == NOINDEX:
            continue
        page_title = title(response)
        assert len(page_title) <= 65, page_title
        assert len(description(response)) <= 160, address
        assert page_title not in titles, f"{address} and {titles.get(page_title)}: {page_title}"
        titles[page_title] = address

    assert len(titles) > 20
    assert titles["Acupuncture in Tampines – Back Pain Care Directory"] == (
        "/providers/?service=acupuncture&area=tampines"
    )


def test_a_long_title_drops_the_site_name_rather_than_run_over(client, directory):
    ddd = ConditionFactory(name="Degenerative disc disease", slug="ddd")
    LocationFactory(provider=ProviderFactory(conditions=[ddd]), area=directory.jurong)

    response = client.get("/providers/?condition=ddd&area=jurong-east")

    assert title(response) == "Care for degenerative disc disease in Jurong East"
