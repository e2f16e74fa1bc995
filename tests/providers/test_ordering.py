"""
How the directory orders what it finds, and says so: "best match" (the words, then the
listing's quality points; within the radius when a place is given), nearest, lowest price
(of the chosen treatment when one is chosen) and name; links to each order above the results,
and one line saying how the results are ordered.
"""

import re
from decimal import Decimal

import pytest

from tests.factories import (
    AreaFactory,
    LocationFactory,
    PractitionerFactory,
    ProviderFactory,
    ServiceFactory,
)
from tests.pages import names, text

pytestmark = pytest.mark.django_db

URL = "/providers/"


def order_line(response):
    found = re.search(r'<p class="order__how">(.*?)</p>', response.content.decode(), re.S)
    return text(found.group(1))


def sort_links(response):
    nav = re.search(r'<nav class="order__links".*?</nav>', response.content.decode(), re.S)
    return {
        text(label): (href.replace("&amp;", "&"), bool(current))
        for href, current, label in re.findall(
            r'<a href="([^"]*)"( aria-current="true")?>(.*?)</a>', nav.group(0), re.S
        )
    }


@pytest.fixture
def listings(db):
    """Three massage listings: one complete and verified, one with hours, one bare."""
    massage = ServiceFactory(name="Deep tissue massage", slug="deep-tissue-massage")
    swedish = ServiceFactory(name="Swedish massage", slug="swedish-massage")
    area = AreaFactory(name="Bishan", slug="bishan")
    bare = ProviderFactory(name="Aardvark Massage", services=[(massage, Decimal("120"))])
    LocationFactory(provider=bare, area=area, latitude=1.3500, longitude=103.8500)
    hours = ProviderFactory(
        name="Badger Massage", services=[(massage, Decimal("60")), (swedish, Decimal("150"))]
    )
    LocationFactory(
        provider=hours, area=area, latitude=1.3600, longitude=103.8500,
        hours=[(0, "09:00", "18:00")],
    )  # fmt: skip
    complete = ProviderFactory(
        name="Zebra Massage", is_verified=True, services=[(massage, None), (swedish, Decimal("40"))]
    )
    LocationFactory(
        provider=complete, area=area, latitude=1.3900, longitude=103.8500,
        hours=[(0, "09:00", "18:00")],
    )  # fmt: skip
    PractitionerFactory(provider=complete)
    return massage


def test_without_words_best_match_puts_verified_complete_listings_first(client, listings):
    response = client.get(URL)

    assert names(response) == ["Zebra Massage", "Badger Massage", "Aardvark Massage"]
    assert order_line(response) == (
        "Best match: verified, recently confirmed and complete listings first."
    )


def test_with_words_the_words_come_first_then_the_quality(client, listings):
    ProviderFactory(name="Yak Wellness", description="We offer massage too.")

    response = client.get(URL, {"q": "massage"})

    assert names(response)[-1] == "Yak Wellness"
    assert names(response)[:3] == ["Zebra Massage", "Badger Massage", "Aardvark Massage"]
    assert order_line(response).startswith("Best match: where your words match best first")


def test_with_a_place_the_nearest_come_first_unless_best_match_is_asked(client, listings):
    near = {"near": "1.3500,103.8500", "radius": "10"}

    nearest = client.get(URL, near)
    best = client.get(URL, {**near, "sort": "relevance"})

    assert names(nearest) == ["Aardvark Massage", "Badger Massage", "Zebra Massage"]
    assert order_line(nearest) == "Nearest first, from your location."
    # Within the radius, the quality points.
    assert names(best) == ["Zebra Massage", "Badger Massage", "Aardvark Massage"]
    assert order_line(best) == (
        "Best match: verified, recently confirmed and complete listings first, "
        "within 10 km of your location."
    )


def test_lowest_price_sorts_by_the_chosen_treatments_price(client, listings):
    response = client.get(URL, {"service": "deep-tissue-massage", "sort": "price"})

    # Zebra states no price for it ("price on request"): last.
    assert names(response) == ["Badger Massage", "Aardvark Massage", "Zebra Massage"]
    assert order_line(response) == (
        "Lowest price first for the treatment you chose; prices on request last."
    )


def test_lowest_price_with_several_treatments_takes_the_lowest_of_them(client, listings):
    params = {"service": ["deep-tissue-massage", "swedish-massage"], "sort": "price"}

    response = client.get(URL, params)

    # Zebra: Swedish massage at 40; Badger: deep tissue at 60; Aardvark: 120.
    assert names(response) == ["Zebra Massage", "Badger Massage", "Aardvark Massage"]


def test_lowest_price_needs_a_treatment_chosen(client, listings):
    response = client.get(URL, {"sort": "price"})

    assert "Lowest price needs a treatment chosen" in text(response)
    assert names(response) == ["Zebra Massage", "Badger Massage", "Aardvark Massage"]
    assert "Sort by Lowest price" not in sort_links(response)


def test_by_name(client, listings):
    response = client.get(URL, {"sort": "name"})

    assert names(response) == ["Aardvark Massage", "Badger Massage", "Zebra Massage"]
    assert order_line(response) == "By name, A to Z."


def test_the_sort_links_keep_the_search_and_mark_the_current_order(client, listings):
    response = client.get(URL, {"service": "deep-tissue-massage", "page": "1"})

    assert sort_links(response) == {
        "Sorted by Best match": ("?service=deep-tissue-massage&sort=relevance", True),
        "Sort by Lowest price": ("?service=deep-tissue-massage&sort=price", False),
        "Sort by Name (A–Z)": ("?service=deep-tissue-massage&sort=name", False),
    }


def test_nearest_is_offered_only_with_a_place(client, listings):
    response = client.get(URL, {"near": "1.35,103.85"})

    links = sort_links(response)
    assert links["Sorted by Nearest"] == ("?near=1.35%2C103.85&sort=distance", True)
    assert list(links) == ["Sort by Best match", "Sorted by Nearest", "Sort by Name (A–Z)"]


def test_the_filters_form_keeps_the_order_chosen(client, listings):
    response = client.get(URL, {"service": "deep-tissue-massage", "sort": "price"})

    assert '<input type="hidden" name="sort" value="price">' in response.content.decode()


@pytest.mark.parametrize("sort", ["cheapest", "distance"])
def test_an_order_that_cannot_be_used_is_reported_and_best_match_used(client, listings, sort):
    response = client.get(URL, {"sort": sort})

    assert response.status_code == 200
    assert "We could not use" in text(response)
    assert names(response) == ["Zebra Massage", "Badger Massage", "Aardvark Massage"]
