"""
Filter facets (providers.facets): the tokens a provider is filtered by, what they mean for
opening hours, and their staying current whenever a row they come from changes.
"""

import datetime

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from providers import facets, search
from providers.models import Condition, Gender, Location, OpeningException, OpeningHours, Provider
from tests.factories import (
    AreaFactory,
    ConditionFactory,
    LanguageFactory,
    LocationFactory,
    OpeningHoursFactory,
    PractitionerFactory,
    ProviderFactory,
    ServiceFactory,
)
from tests.providers.conftest import search_rebuilds

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


# -- kept current -----------------------------------------------------------------------------


def tokens(provider):
    value = Provider.objects.values_list("facets", flat=True).get(pk=provider.pk) or ""
    return {token.strip("'") for token in value.split()}


@pytest.mark.django_db
def test_changed_hours_change_the_facets():
    provider = ProviderFactory()
    branch = LocationFactory(provider=provider, hours=[(MON, "09:00", "10:00")])
    assert "h9" in tokens(provider)

    row = OpeningHours.objects.get(location=branch)
    row.opens, row.closes = t("19:00"), t("20:00")
    row.save()
    assert "h19" in tokens(provider) and "h9" not in tokens(provider)

    row.delete()
    assert not any(token.startswith(("h", "d")) for token in tokens(provider))


@pytest.mark.django_db
def test_a_branch_moved_to_another_area_is_found_there():
    provider = ProviderFactory()
    branch = LocationFactory(provider=provider)
    elsewhere = AreaFactory()

    branch.area = elsewhere
    branch.save()

    assert list(Provider.objects.in_areas([elsewhere.pk])) == [provider]


@pytest.mark.django_db
def test_a_deleted_branch_takes_its_area_and_hours_with_it():
    provider = ProviderFactory()
    branch = LocationFactory(provider=provider, hours=[(SAT, "09:00", "12:00")])
    area = branch.area

    branch.delete()

    assert not Provider.objects.in_areas([area.pk]).exists()
    assert not Provider.objects.open_during([SAT]).exists()


@pytest.mark.django_db
def test_branches_deleted_in_bulk_take_their_areas_with_them():
    # As the admin's "delete selected" does: a queryset's delete(), not each row's.
    provider = ProviderFactory()
    branch = LocationFactory(provider=provider, hours=[(SAT, "09:00", "12:00")])
    kept = LocationFactory(provider=provider)

    Location.objects.filter(pk=branch.pk).delete()

    assert not Provider.objects.in_areas([branch.area_id]).exists()
    assert list(Provider.objects.in_areas([kept.area_id])) == [provider]
    assert not Provider.objects.open_during([SAT]).exists()


@pytest.mark.django_db
def test_a_deleted_condition_or_language_leaves_the_providers_it_applied_to():
    sciatica = ConditionFactory(name="Sciatica")
    tamil = LanguageFactory()
    provider = ProviderFactory(conditions=[sciatica], languages=[tamil])

    Condition.objects.filter(pk=sciatica.pk).delete()
    tamil.delete()

    assert not search.matching(Provider.objects.all(), "sciatica").exists()
    assert facets.token(facets.LANGUAGE, tamil.pk) not in tokens(provider)


@pytest.mark.django_db
def test_one_refresh_rebuilds_once_at_the_end_and_not_after_an_error():
    provider = ProviderFactory()

    with CaptureQueriesContext(connection) as queries, search.one_refresh():
        branch = LocationFactory(provider=provider, hours=[(MON, "09:00", "10:00")])
        OpeningHoursFactory(location=branch, weekday=MON, opens="11:00", closes="12:00")
        assert "h9" not in tokens(provider)
    assert {"h9", "h11"} <= tokens(provider)
    assert len(search_rebuilds(queries)) == 1

    with pytest.raises(RuntimeError), search.one_refresh():
        OpeningHoursFactory(location=branch, weekday=TUE, opens="09:00", closes="10:00")
        raise RuntimeError("the page failed")
    assert "h33" not in tokens(provider)


@pytest.mark.django_db
def test_deleting_a_provider_rebuilds_nothing_for_the_rows_deleted_with_it():
    provider = ProviderFactory(services=[ServiceFactory(), ServiceFactory()])
    for _ in range(3):
        LocationFactory(provider=provider, hours=[(day, "09:00", "18:00") for day in range(7)])
    PractitionerFactory(provider=provider)

    with CaptureQueriesContext(connection) as queries:
        provider.delete()

    rebuilds = search_rebuilds(queries)
    assert len(rebuilds) <= 1


@pytest.mark.django_db
def test_a_practitioner_changes_the_genders_a_provider_is_found_by():
    provider = ProviderFactory()
    person = PractitionerFactory(provider=provider, gender=Gender.FEMALE)
    person.gender = Gender.NON_BINARY
    person.save()

    assert list(Provider.objects.with_practitioner_gender([Gender.NON_BINARY])) == [provider]
    assert not Provider.objects.with_practitioner_gender([Gender.FEMALE]).exists()


@pytest.mark.django_db
def test_special_hours_make_a_provider_a_candidate_for_open_now():
    provider = ProviderFactory()
    branch = LocationFactory(provider=provider, hours=[])
    monday = datetime.date(2025, 6, 2)
    OpeningException.objects.create(
        location=branch, date=monday, closed=False, opens="10:00", closes="12:00"
    )

    assert facets.special_date_token(monday) in tokens(provider)


# -- PostgreSQL builds them in SQL, SQLite in Python: the same tokens ------------------------


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL refresh is PostgreSQL's")
def test_the_sql_and_python_refreshes_give_the_same_tokens():
    provider = ProviderFactory(services=[ServiceFactory()], languages=[LanguageFactory()])
    branch = LocationFactory(provider=provider, hours=[(SUN, "22:30", "01:15")])
    OpeningHoursFactory(location=branch, weekday=WED, opens="00:00", closes="00:00")
    PractitionerFactory(provider=provider, gender=Gender.NON_BINARY)
    OpeningException.objects.create(
        location=branch,
        date=datetime.date(2025, 12, 24),
        closed=False,
        opens="10:00",
        closes="14:00",
    )

    OpeningException.objects.create(location=branch, date=datetime.date(2025, 12, 25), closed=True)

    search._refresh_postgresql([provider.pk], "default")
    in_sql = tokens(provider)
    search._refresh_python([provider.pk], "default")

    assert tokens(provider) == in_sql
    assert {"h167", "h0", "h1", "d6", "d0", "gnonbinary", "x20251224", "e20251224"} <= in_sql
    assert {"w167", "w0", "w48", "w71"} <= in_sql and "w1" not in in_sql
    assert "e20251225" in in_sql and "x20251225" not in in_sql
