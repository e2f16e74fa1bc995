"""What each result card on /providers/ tells a patient."""

import re
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from providers.models import Area, Language, ProviderKind, Service
from tests.conftest import committed
from tests.factories import (
    AreaFactory,
    LanguageFactory,
    LocationFactory,
    ProviderFactory,
    RegionFactory,
    ServiceFactory,
)
from tests.pages import text

pytestmark = pytest.mark.django_db

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def card(client, name):
    """The text of the result card that names this provider."""
    body = client.get("/providers/").content.decode()
    cards = re.findall(r"<article\b.*?</article>", body, flags=re.S)
    matching = [c for c in cards if name in c]
    assert len(matching) == 1, f"expected one card for {name}"
    return text(matching[0])


@pytest.fixture
def physio(places):
    provider = ProviderFactory(
        name="Bedok Physio",
        kind=ProviderKind.PHYSIOTHERAPY,
        is_verified=True,
        services=[
            (ServiceFactory(name="Physical therapy"), Decimal("95")),
            (ServiceFactory(name="Dry needling"), Decimal("60.50")),
        ],
        languages=[LanguageFactory(name="English"), LanguageFactory(name="Malay")],
    )
    LocationFactory(provider=provider, area=places.bedok)
    LocationFactory(provider=provider, area=places.tampines)
    return provider


def test_a_card_shows_name_kind_area_and_branches(client, physio):
    shown = card(client, "Bedok Physio")

    assert "Bedok Physio Physiotherapy Verified" in shown
    assert "Bedok, East and 1 more branch" in shown


def test_a_card_shows_the_first_services_with_from_prices(client, physio):
    shown = text(client.get("/providers/"))

    # Cheapest first.
    assert "Dry needling · from SGD 60.50 Physical therapy · from SGD 95" in shown


def test_a_card_shows_languages(client, physio):
    assert "Languages: English, Malay" in text(client.get("/providers/"))


def test_a_card_without_verification_shows_no_badge(client):
    ProviderFactory(name="Unchecked Massage", kind=ProviderKind.MASSAGE, is_verified=False)

    shown = card(client, "Unchecked Massage")

    assert "Verified" not in shown
    assert "Hours not listed" in shown


def test_a_card_says_when_an_open_provider_closes(client):
    provider = ProviderFactory(name="Late Clinic")
    # 21:00 to 21:00 the next day, every day: open whenever the test runs, closing at 21:00.
    LocationFactory(provider=provider, hours=[(day, "21:00", "21:00") for day in range(7)])

    assert "Open now · closes 21:00" in card(client, "Late Clinic")


def test_a_card_says_when_a_closed_provider_opens(client):
    in_two_days = (timezone.localdate().weekday() + 2) % 7
    provider = ProviderFactory(name="Rare Clinic")
    LocationFactory(provider=provider, hours=[(in_two_days, "09:00", "13:00")])

    assert f"Opens {DAYS[in_two_days]} 09:00" in card(client, "Rare Clinic")


def test_a_card_puts_the_services_searched_for_first(client, physio):
    searched = Service.objects.get(name="Physical therapy")

    shown = text(client.get(f"/providers/?service={searched.slug}"))

    assert "Physical therapy · from SGD 95 Dry needling · from SGD 60.50" in shown


def test_each_search_puts_its_own_services_first(client, physio):
    # Every search reads the same stored cards, and orders their offers for itself.
    for searched, shown_first in [
        ("Dry needling", "Dry needling · from SGD 60.50 Physical therapy"),
        ("Physical therapy", "Physical therapy · from SGD 95 Dry needling"),
        ("Dry needling", "Dry needling · from SGD 60.50 Physical therapy"),
    ]:
        slug = Service.objects.get(name=searched).slug

        assert shown_first in text(client.get(f"/providers/?service={slug}"))


def test_a_card_follows_the_date_for_its_week_of_exceptions(client):
    provider = ProviderFactory(name="Holiday Clinic")
    branch = LocationFactory(provider=provider, hours=[(day, "00:00", "00:00") for day in range(7)])
    today = timezone.localdate()
    with committed():
        branch.exceptions.create(date=today + timedelta(days=10), closed=True, reason="Retreat")
    assert "Open now" in card(client, "Holiday Clinic")

    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(days=10)):
        assert "Open now" not in card(client, "Holiday Clinic")


def test_a_card_shows_what_changed_in_its_listing_on_the_next_request(client, physio):
    branch = physio.locations.get(area__name="Tampines")
    tamil = LanguageFactory(name="Tamil")
    with committed():
        branch.hours.create(weekday=0, opens="08:00", closes="09:00")
        branch.delete()
        physio.offers.get(service__name="Dry needling").delete()
        physio.languages.add(tamil)

    shown = card(client, "Bedok Physio")

    assert "Bedok, East" in shown and "more branch" not in shown
    assert "Dry needling" not in shown
    assert "English, Malay, Tamil" in shown


@pytest.mark.parametrize(
    "model, old, new, shown",
    [
        (Area, "Bedok", "Bedok North", "Bedok North, East and 1 more branch"),
        (Area, "East", "Eastern Region", "Bedok, Eastern Region and 1 more branch"),
        (Service, "Physical therapy", "Physio session", "Physio session · from SGD 95"),
        (Language, "Malay", "Bahasa Melayu", "Bahasa Melayu, English"),
    ],
)
def test_a_renamed_term_shows_on_every_card_at_once(client, physio, model, old, new, shown):
    term = model.objects.get(name=old)
    term.name = new
    with committed():
        term.save()

    assert shown in card(client, "Bedok Physio")


def test_an_area_moved_to_another_region_shows_its_new_region(client, physio):
    bedok = Area.objects.get(name="Bedok")
    bedok.parent = RegionFactory(name="North-East")
    with committed():
        bedok.save()

    assert "Bedok, North-East and 1 more branch" in card(client, "Bedok Physio")


def test_a_card_lists_services_without_a_price_last_and_counts_the_rest(client):
    ProviderFactory(
        name="Many Services",
        services=[
            (ServiceFactory(name="Assessment"), None),
            (ServiceFactory(name="Cupping"), Decimal("40")),
            (ServiceFactory(name="Tui na"), Decimal("50")),
            (ServiceFactory(name="Gua sha"), Decimal("45")),
        ],
    )

    shown = card(client, "Many Services")

    assert "Cupping · from SGD 40 Gua sha · from SGD 45 Tui na · from SGD 50 and 1 more" in shown
    assert "Assessment" not in shown


def test_a_card_knows_a_branch_closed_today_by_an_exception(client):
    provider = ProviderFactory(name="Holiday Clinic")
    branch = LocationFactory(provider=provider, hours=[(day, "00:00", "00:00") for day in range(7)])
    with committed():
        branch.exceptions.create(date=timezone.localdate(), closed=True, reason="Public holiday")

    assert "Open now" not in card(client, "Holiday Clinic")


def test_a_card_escapes_what_a_clinic_typed(client):
    east = RegionFactory(name="East <i>")
    provider = ProviderFactory(
        name='<script>alert("name")</script>',
        services=[(ServiceFactory(name="Tui na & <b>cupping</b>"), None)],
        languages=[LanguageFactory(name="<u>Malay</u>")],
    )
    LocationFactory(provider=provider, area=AreaFactory(name="Bedok & Co", parent=east))

    response = client.get("/providers/")
    body, shown = response.content.decode(), text(response)

    assert '<script>alert("name")</script>' in shown
    assert "Tui na & <b>cupping</b>" in shown
    assert "<u>Malay</u>" in shown
    assert "Bedok & Co, East <i>" in shown
    for typed in ["<script>alert", "<b>cupping", "<u>Malay", "East <i>"]:
        assert typed not in body
