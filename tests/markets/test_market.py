"""
The market is data: a country's currency, emergency number, phone numbers, public holidays and
regulators come from its file (markets/data/), and a made-up second market needs no code.
"""

import datetime
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from enquiries.models import working_days_before
from markets import market
from providers import places
from tests.factories import LocationFactory, ProviderFactory, ServiceFactory

EREWHON = str(Path(__file__).parent / "erewhon.json")
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def erewhon(settings):
    settings.MARKET = EREWHON
    return market.current()


def test_singapore_is_the_shipped_market():
    singapore = market.load("singapore")

    assert singapore.name == "Singapore"
    assert (singapore.country_code, singapore.currency) == ("SG", "SGD")
    assert singapore.emergency_number == "995"
    assert singapore.time_zone == "Asia/Singapore"


def test_every_regulator_of_the_shipped_market_says_what_it_registers():
    for body in market.load("singapore").regulators:
        assert body.name and body.registers and body.kinds


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("61234567", "+65 6123 4567"),
        ("6123-4567", "+65 6123 4567"),
        ("+65 61234567", "+65 6123 4567"),
        ("+6561234567", "+65 6123 4567"),
        ("  9123   4567 ", "+65 9123 4567"),
        # From abroad, or not a number the market knows: as written, for the validator.
        ("+60 3 2345 6789", "+60 3 2345 6789"),
        ("1234", "1234"),
        ("call us", "call us"),
        ("", ""),
    ],
)
def test_a_local_number_gains_the_calling_code(written, stored):
    assert market.load("singapore").phone.international(written) == stored


def test_public_holidays_come_in_date_order_from_a_day():
    singapore = market.load("singapore")

    coming = singapore.holidays_from(datetime.date(2026, 12, 7), days=20)

    assert [(h.date, h.name) for h in coming] == [(datetime.date(2026, 12, 25), "Christmas Day")]
    assert singapore.is_holiday(datetime.date(2026, 8, 10))
    assert not singapore.is_working_day(datetime.date(2026, 12, 25))
    assert singapore.holidays_complete(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
    assert not singapore.holidays_complete(datetime.date(2026, 12, 1), datetime.date(2027, 3, 1))


def test_regulators_are_found_by_kind():
    names = [body.abbreviation for body in market.load("singapore").regulators_for("physiotherapy")]

    assert names == ["AHPC"]


class TestASecondMarket:
    """A made-up country, loaded from a file in the tests: no code knows about it."""

    def test_its_facts_come_from_its_file(self, erewhon):
        assert (erewhon.name, erewhon.currency) == ("Erewhon", "ERD")
        assert erewhon.emergency_number == "111"
        assert erewhon.phone.international("3456789") == "+999 345 6789"
        assert [body.name for body in erewhon.regulators_for("massage")] == [
            "Erewhon Board of Bodywork"
        ]

    def test_its_weekend_and_holidays_are_not_working_days(self, erewhon, site_tz):
        # Erewhon rests on Fridays and Saturdays; 26 November is Founders' Day.
        monday = datetime.datetime(2026, 11, 30, 9, tzinfo=site_tz)

        assert working_days_before(monday, 2).date() == datetime.date(2026, 11, 25)

    @pytest.mark.django_db
    def test_pages_show_its_emergency_number_currency_and_country(self, client, erewhon):
        provider = ProviderFactory(services=[(ServiceFactory(), Decimal("80"))])
        LocationFactory(provider=provider)

        page = client.get(provider.get_absolute_url()).content.decode()

        assert "In an emergency, call 111." in page
        assert "ERD 80" in page
        listing = next(
            block
            for block in map(json.loads, SCRIPT.findall(page))
            if block["@type"] != "BreadcrumbList"
        )
        assert listing["address"]["addressCountry"] == "XE"
        assert listing["priceRange"] == "ERD 80"

    def test_its_station_words_name_its_stations(self, erewhon):
        assert places.key("Harbour halt") == ("harbour", True)
        assert places.key("Bishan MRT") == ("bishan mrt", False)

    @pytest.mark.django_db
    def test_the_home_page_suggests_its_places(self, client, erewhon):
        page = client.get("/").content.decode()

        assert "For example: Oldtown, Harbour halt." in page
