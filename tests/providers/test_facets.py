"""
Filter facets (providers.facets): the tokens a provider is filtered by, and what they mean for
opening hours. How they stay current is tests/providers/test_changes.py's subject.
"""

import datetime

import pytest
from django.db.models import Exists, OuterRef
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from providers import facets
from providers.models import OpeningException, OpeningHours, Provider
from tests.conftest import committed
from tests.factories import (
    LocationFactory,
    ProviderFactory,
)

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def t(value):
    return datetime.time.fromisoformat(value)


# -- hours of the week ------------------------------------------------------------------------


def test_an_interval_is_open_in_every_hour_it_touches():
    assert facets.hours_open(MON, t("09:00"), t("12:00")) == {9, 10, 11}
    assert facets.hours_open(MON, t("09:30"), t("12:15")) == {9, 10, 11, 12}


def test_an_interval_past_midnight_runs_into_the_next_day():
    assert facets.hours_open(FRI, t("22:00"), t("02:00")) == {118, 119, 120, 121}


def test_sunday_night_runs_into_monday_morning():
    assert facets.hours_open(SUN, t("23:00"), t("01:30")) == {167, 0, 1}


def test_midnight_to_midnight_is_the_whole_day_and_no_more():
    assert facets.hours_open(TUE, t("00:00"), t("00:00")) == set(range(24, 48))


def test_an_interval_fills_only_the_hours_it_covers_from_start_to_end():
    assert facets.hours_open_throughout(MON, t("09:00"), t("12:00")) == {9, 10, 11}
    assert facets.hours_open_throughout(MON, t("09:30"), t("12:15")) == {10, 11}
    assert facets.hours_open_throughout(MON, t("09:30"), t("10:15")) == set()


def test_an_interval_past_midnight_fills_hours_on_both_days():
    assert facets.hours_open_throughout(SUN, t("22:30"), t("02:00")) == {167, 0, 1}
    assert facets.hours_open_throughout(TUE, t("00:00"), t("00:00")) == set(range(24, 48))


def test_certainly_open_means_the_whole_hour_and_no_exception_today_or_yesterday():
    tuesday_at_ten_past_eleven = datetime.datetime(2026, 11, 24, 11, 10)

    found = facets.certainly_open_at(tuesday_at_ten_past_eleven)

    assert found.present == ["w35"]
    assert found.absent == ["e20261124", "e20261123"]


def test_a_day_token_is_given_for_each_day_an_interval_touches():
    found = facets.opening_tokens(SAT, t("22:00"), t("01:00"))
    assert {"d5", "d6"} <= set(found)


def test_only_whole_hours_let_the_facets_answer_alone():
    assert facets.on_the_hour(t("19:00"), None)
    assert not facets.on_the_hour(t("19:30"), t("21:00"))


def test_a_lookup_refuses_anything_but_tokens():
    with pytest.raises(ValueError):
        Provider.objects.filter(facets__has_any=["s1 | !s2"])
    with pytest.raises(ValueError):
        Provider.objects.filter(facets__matches=facets.Match(present=["w1"], absent=["!e1"]))


@pytest.mark.django_db
def test_matches_asks_for_every_present_token_and_no_absent_one():
    provider = ProviderFactory()
    LocationFactory(provider=provider, hours=[(MON, "09:00", "12:00")])

    def matches(present, absent=()):
        found = Provider.objects.filter(facets__matches=facets.Match(present, absent))
        return found.filter(pk=provider.pk).exists()

    assert matches(["w9", "w10"])
    assert not matches(["w9", "w12"])
    assert matches(["w9"], absent=["e20261124"])
    assert not matches(["w9"], absent=["h9"])


# -- facets agree with the opening hours themselves ------------------------------------------

HALF_HOURS = st.builds(datetime.time, hour=st.integers(0, 23), minute=st.sampled_from([0, 30]))
INTERVALS = st.lists(st.tuples(st.integers(0, 6), HALF_HOURS, HALF_HOURS), min_size=1, max_size=3)


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    intervals=INTERVALS,
    weekdays=st.lists(st.integers(0, 6), max_size=2),
    after=st.none() | HALF_HOURS,
    before=st.none() | HALF_HOURS.filter(lambda time: time > datetime.time(0)),
)
def test_open_during_matches_exactly_the_intervals_it_describes(intervals, weekdays, after, before):
    if after is not None and before is not None and after >= before:
        before = None
    if not weekdays and after is None and before is None:
        weekdays = [SAT]
    provider = ProviderFactory()
    LocationFactory(provider=provider, hours=intervals)
    during = OpeningHours.objects.filter(location__provider=OuterRef("pk")).during(
        weekdays, after, before
    )

    by_intervals = Provider.objects.filter(Exists(during), pk=provider.pk).exists()
    by_facets = Provider.objects.open_during(weekdays, after, before).filter(pk=provider.pk)

    assert by_facets.exists() == by_intervals, (intervals, weekdays, after, before)


MOMENTS = st.builds(
    datetime.datetime.combine,
    # 2026-11-23 is a Monday: any day of that week.
    st.integers(23, 29).map(lambda day: datetime.date(2026, 11, day)),
    st.builds(datetime.time, hour=st.integers(0, 23), minute=st.sampled_from([0, 15, 30, 59])),
)
EXCEPTIONS = st.lists(
    st.tuples(
        st.integers(22, 29).map(lambda day: datetime.date(2026, 11, day)),
        st.none() | st.tuples(HALF_HOURS, HALF_HOURS),
    ),
    max_size=2,
    unique_by=lambda exception: exception[0],
)


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(intervals=INTERVALS, exceptions=EXCEPTIONS, moment=MOMENTS)
def test_open_at_matches_exactly_the_hours_and_exceptions(intervals, exceptions, moment):
    provider = ProviderFactory()
    branch = LocationFactory(provider=provider, hours=intervals)
    with committed():
        for date, hours in exceptions:
            opens, closes = hours or (None, None)
            OpeningException.objects.create(
                location=branch, date=date, closed=hours is None, opens=opens, closes=closes
            )
    moment = timezone.make_aware(moment)
    local = timezone.localtime(moment)
    regular = OpeningHours.objects.filter(location__provider=OuterRef("pk")).covering_on(
        local.date(), local.time()
    )
    special = OpeningException.objects.filter(location__provider=OuterRef("pk")).covering(
        local.date(), local.time()
    )

    exactly = Provider.objects.filter(Exists(regular) | Exists(special), pk=provider.pk).exists()
    by_facets = Provider.objects.open_at(moment).filter(pk=provider.pk).exists()

    assert by_facets == exactly, (intervals, exceptions, moment)
