"""
"Best match" ranks the listings that the words match equally well by their quality points
(providers.derived.QUALITY_POINTS): a checked licence or registration, details confirmed within
a year, opening hours, prices, practitioners, photos. A listing not confirmed for a year loses
its points for that on the day (the hourly follow_the_calendar task) and ranks below its
current equals until its staff confirm it again.
"""

import datetime

import pytest

from providers import tasks
from providers.models import Provider
from tests.clinics.fixtures import photo
from tests.conftest import committed
from tests.factories import (
    LocationFactory,
    PractitionerFactory,
    ProviderFactory,
    ProviderServiceFactory,
    UserFactory,
)
from tests.pages import names

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def quality(provider):
    return Provider.objects.get(pk=provider.pk).quality


def best_match(client, words):
    response = client.get("/providers/", {"q": words, "sort": "relevance"})
    assert response.status_code == 200
    return names(response)


def test_points_count_what_a_patient_can_trust_and_see(frozen_clock):
    bare = ProviderFactory(name="Bare Physio")
    full = ProviderFactory(name="Full Physio", is_verified=True)
    LocationFactory(provider=full, hours=[(0, "09:00", "18:00")])
    ProviderServiceFactory(provider=full, price=80)
    PractitionerFactory(provider=full)
    photo(full)

    # A new listing counts as current (2); the other has everything (3 + 2 + 4).
    assert (quality(bare), quality(full)) == (2, 9)


def test_a_verified_complete_listing_ranks_above_an_equal_match_without_them(client):
    ProviderFactory(name="Aardvark Physio")
    complete = ProviderFactory(name="Zebra Physio", is_verified=True)
    LocationFactory(provider=complete, hours=[(0, "09:00", "18:00")])
    ProviderServiceFactory(provider=complete, price=80)

    assert best_match(client, "physio") == ["Zebra Physio", "Aardvark Physio"]


def test_the_words_come_first_then_the_points(client):
    ProviderFactory(name="Aardvark Wellness", description="Physio for stiff backs.")
    ProviderFactory(name="Zebra Wellness", description="Physio for stiff backs.", is_verified=True)
    ProviderFactory(name="Plain Physio")

    assert best_match(client, "physio") == ["Plain Physio", "Zebra Wellness", "Aardvark Wellness"]


def test_a_listing_unconfirmed_for_a_year_ranks_below_its_current_equals(client, frozen_clock):
    alpha = ProviderFactory(name="Alpha Physio")
    ProviderFactory(name="Beta Physio")
    moderator = UserFactory(is_staff=True)
    with committed():
        alpha.confirm(moderator)
    assert best_match(client, "physio") == ["Alpha Physio", "Beta Physio"]

    # A year and a day on, the hourly task finds both stale; Beta's staff confirm it again.
    frozen_clock.shift(366 * DAY)
    with committed():
        assert tasks.follow_the_calendar.call_local() == 2
    assert (quality(alpha), Provider.objects.get(pk=alpha.pk).is_current) == (0, False)
    beta = Provider.objects.get(name="Beta Physio")
    with committed():
        beta.confirm(moderator)

    assert best_match(client, "physio") == ["Beta Physio", "Alpha Physio"]
    with committed():
        assert tasks.follow_the_calendar.call_local() == 0
