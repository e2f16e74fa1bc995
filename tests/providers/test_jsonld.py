"""schema.org JSON-LD on a provider's profile: it parses, and it fits the provider."""

import json
import re
from decimal import Decimal

import pytest

from providers.models import ProviderKind
from tests.factories import (
    AreaFactory,
    LanguageFactory,
    LocationFactory,
    ProviderFactory,
    RegionFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(client, provider):
    response = client.get(provider.get_absolute_url())
    assert response.status_code == 200
    blocks = [json.loads(block) for block in SCRIPT.findall(response.content.decode())]
    # The other block is the breadcrumbs' (tests/site/test_json_ld.py).
    listings = [block for block in blocks if block["@type"] != "BreadcrumbList"]
    assert len(listings) == 1, "expected exactly one JSON-LD block about the provider"
    return listings[0]


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        (ProviderKind.PHYSIOTHERAPY, "Physiotherapy"),
        (ProviderKind.PAIN_CLINIC, "MedicalClinic"),
        (ProviderKind.CHIROPRACTIC, "MedicalClinic"),
        (ProviderKind.ACUPUNCTURE, "MedicalClinic"),
        (ProviderKind.MASSAGE, "HealthAndBeautyBusiness"),
    ],
)
def test_its_type_fits_the_kind(client, kind, schema_type):
    data = json_ld(client, ProviderFactory(kind=kind))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == schema_type


@pytest.fixture
def physio():
    region = RegionFactory(name="Central", slug="central")
    area = AreaFactory(name="Novena", slug="novena", parent=region)
    provider = ProviderFactory(
        name="Novena Back Physio",
        slug="novena-back-physio",
        kind=ProviderKind.PHYSIOTHERAPY,
        website="https://novena.example.org",
        services=[
            (ServiceFactory(name="Physical therapy"), Decimal("95.00")),
            (ServiceFactory(name="Assessment"), None),
        ],
        languages=[
            LanguageFactory(name="English", code="en"),
            LanguageFactory(name="Tamil", code="ta"),
        ],
    )
    LocationFactory(
        provider=provider,
        name="Novena branch",
        address="10 Sinaran Drive #08-01",
        postal_code="307506",
        area=area,
        latitude=1.3203,
        longitude=103.8439,
        phone="+65 6250 1234",
        hours=[(0, "09:00", "18:00"), (5, "22:00", "02:00")],
    )
    LocationFactory(provider=provider, name="Second branch", latitude=None, longitude=None)
    return provider


def test_it_names_the_provider_and_its_canonical_url(client, physio):
    data = json_ld(client, physio)

    assert data["name"] == "Novena Back Physio"
    assert data["url"] == "http://testserver/providers/novena-back-physio/"
    assert data["sameAs"] == "https://novena.example.org"


def test_it_gives_the_first_branch_address(client, physio):
    address = json_ld(client, physio)["address"]

    assert address == {
        "@type": "PostalAddress",
        "streetAddress": "10 Sinaran Drive #08-01",
        "postalCode": "307506",
        "addressLocality": "Novena",
        "addressRegion": "Central",
        "addressCountry": "SG",
    }


def test_it_gives_coordinates(client, physio):
    geo = json_ld(client, physio)["geo"]

    assert geo == {"@type": "GeoCoordinates", "latitude": 1.3203, "longitude": 103.8439}


def test_it_lists_every_branch_as_a_location(client, physio):
    locations = json_ld(client, physio)["location"]

    assert [place["name"] for place in locations] == ["Novena branch", "Second branch"]
    assert locations[0]["telephone"] == "+65 6250 1234"
    assert "geo" not in locations[1]


def test_it_gives_opening_hours_specification(client, physio):
    hours = json_ld(client, physio)["openingHoursSpecification"]

    assert hours == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Monday",
            "opens": "09:00",
            "closes": "18:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Saturday",
            "opens": "22:00",
            "closes": "02:00",
        },
    ]


def test_it_offers_each_service_with_its_price(client, physio):
    offers = json_ld(client, physio)["makesOffer"]

    assert {"@type": "Offer", "itemOffered": {"@type": "Service", "name": "Assessment"}} in offers
    assert {
        "@type": "Offer",
        "itemOffered": {"@type": "Service", "name": "Physical therapy"},
        "price": "95.00",
        "priceCurrency": "SGD",
    } in offers
    assert len(offers) == 2


def test_its_price_range_spans_the_listed_prices(client):
    provider = ProviderFactory(
        services=[
            (ServiceFactory(), Decimal("60.00")),
            (ServiceFactory(), Decimal("150.00")),
            (ServiceFactory(), Decimal("87.50")),
            (ServiceFactory(), None),
        ]
    )

    assert json_ld(client, provider)["priceRange"] == "SGD 60–150"


def test_one_price_is_its_whole_range(client):
    provider = ProviderFactory(services=[(ServiceFactory(), Decimal("95.50"))])

    assert json_ld(client, provider)["priceRange"] == "SGD 95.5"


def test_without_prices_it_gives_no_price_range(client):
    provider = ProviderFactory(services=[(ServiceFactory(), None)])

    assert "priceRange" not in json_ld(client, provider)


def test_its_country_is_the_markets_iso_code(client, physio):
    assert json_ld(client, physio)["address"]["addressCountry"] == "SG"


def test_it_lists_languages_known(client, physio):
    languages = json_ld(client, physio)["knowsLanguage"]

    assert sorted((lang["name"], lang["alternateName"]) for lang in languages) == [
        ("English", "en"),
        ("Tamil", "ta"),
    ]


def test_a_provider_without_branches_has_no_address(client):
    data = json_ld(client, ProviderFactory())

    assert "address" not in data
    assert "location" not in data


def test_a_name_cannot_break_out_of_the_script_element(client):
    evil = "Evil </script><script>alert(1)</script> & <!-- Clinic"
    provider = ProviderFactory(name=evil, description="</SCRIPT><img src=x onerror=alert(2)>")

    body = client.get(provider.get_absolute_url()).content.decode()

    assert "<script>alert(1)" not in body
    assert "<img src=x" not in body.lower()
    # The JSON-LD still holds the exact name once decoded.
    data = json_ld(client, provider)
    assert data["name"] == evil
    assert data["description"] == "</SCRIPT><img src=x onerror=alert(2)>"


def test_open_all_day_reads_as_00_00_to_23_59(client):
    provider = ProviderFactory()
    # Ours: 00:00–00:00 is open all day. schema.org consumers read that as closed all day.
    LocationFactory(provider=provider, hours=[(6, "00:00", "00:00")])

    hours = json_ld(client, provider)["openingHoursSpecification"]

    assert hours == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Sunday",
            "opens": "00:00",
            "closes": "23:59",
        }
    ]
