"""The named QuerySet methods every list of providers is built from."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from providers import hours
from providers.models import Gender, OpeningHours, Provider, ProviderKind
from providers.vocabulary import Vocabulary
from tests.factories import (
    AreaFactory,
    ConditionFactory,
    LanguageFactory,
    LocationFactory,
    PractitionerFactory,
    ProviderFactory,
    ProviderServiceFactory,
    RegionFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def names(queryset):
    return sorted(p.name for p in queryset)


# Kind, services, conditions, languages, areas, gender, verified, listed


def test_it_lists_only_published_providers():
    ProviderFactory(name="Shown")
    ProviderFactory(name="Hidden", is_published=False)

    assert names(Provider.objects.listed()) == ["Shown"]


def test_it_filters_by_kind_with_any_of_several_kinds():
    ProviderFactory(name="Massage", kind=ProviderKind.MASSAGE)
    ProviderFactory(name="Physio", kind=ProviderKind.PHYSIOTHERAPY)
    ProviderFactory(name="Chiro", kind=ProviderKind.CHIROPRACTIC)

    assert names(Provider.objects.of_kind([ProviderKind.PHYSIOTHERAPY])) == ["Physio"]
    assert names(
        Provider.objects.of_kind([ProviderKind.PHYSIOTHERAPY, ProviderKind.CHIROPRACTIC])
    ) == ["Chiro", "Physio"]


def test_it_filters_by_one_service():
    acupuncture, cupping = ServiceFactory(), ServiceFactory()
    ProviderFactory(name="Needles", services=[acupuncture])
    ProviderFactory(name="Cups", services=[cupping])
    ProviderFactory(name="Nothing")

    assert names(Provider.objects.offering([acupuncture.pk])) == ["Needles"]


def test_it_treats_several_services_as_any_of_them():
    acupuncture, cupping, massage = ServiceFactory(), ServiceFactory(), ServiceFactory()
    ProviderFactory(name="Needles", services=[acupuncture])
    ProviderFactory(name="Cups", services=[cupping])
    ProviderFactory(name="Hands", services=[massage])

    assert names(Provider.objects.offering([acupuncture.pk, cupping.pk])) == ["Cups", "Needles"]


def test_it_keeps_price_max_to_the_chosen_service():
    acupuncture, massage = ServiceFactory(), ServiceFactory()
    # Cheap massage but dear acupuncture: not a match for "acupuncture up to 60".
    ProviderFactory(
        name="Dear needles", services=[(acupuncture, Decimal("120")), (massage, Decimal("40"))]
    )
    ProviderFactory(name="Cheap needles", services=[(acupuncture, Decimal("60"))])

    assert names(Provider.objects.offering([acupuncture.pk], price_max=Decimal("60"))) == [
        "Cheap needles"
    ]


def test_it_applies_price_max_to_any_service_when_none_is_chosen():
    acupuncture, massage = ServiceFactory(), ServiceFactory()
    ProviderFactory(
        name="Dear needles", services=[(acupuncture, Decimal("120")), (massage, Decimal("40"))]
    )
    ProviderFactory(name="All dear", services=[(acupuncture, Decimal("150"))])
    ProviderFactory(name="No services")

    assert names(Provider.objects.offering([], price_max=Decimal("40"))) == ["Dear needles"]


def test_it_leaves_price_on_request_out_of_a_price_max_search():
    service = ServiceFactory()
    ProviderFactory(name="On request", services=[(service, None)])

    assert names(Provider.objects.offering([service.pk])) == ["On request"]
    assert names(Provider.objects.offering([service.pk], price_max=Decimal("1000"))) == []


def test_it_filters_by_conditions_treated_any_of():
    sciatica, scoliosis, stenosis = ConditionFactory(), ConditionFactory(), ConditionFactory()
    ProviderFactory(name="Sciatica", conditions=[sciatica])
    ProviderFactory(name="Scoliosis", conditions=[scoliosis])
    ProviderFactory(name="Stenosis", conditions=[stenosis])

    assert names(Provider.objects.treating([sciatica.pk])) == ["Sciatica"]
    assert names(Provider.objects.treating([sciatica.pk, scoliosis.pk])) == [
        "Sciatica",
        "Scoliosis",
    ]


def test_it_filters_by_language_any_of():
    malay, tamil, hokkien = LanguageFactory(), LanguageFactory(), LanguageFactory()
    ProviderFactory(name="Malay", languages=[malay])
    ProviderFactory(name="Tamil", languages=[tamil])
    ProviderFactory(name="Hokkien", languages=[hokkien])

    assert names(Provider.objects.speaking([tamil.pk])) == ["Tamil"]
    assert names(Provider.objects.speaking([tamil.pk, malay.pk])) == ["Malay", "Tamil"]


def test_it_filters_by_practitioner_gender():
    PractitionerFactory(provider__name="Her", gender=Gender.FEMALE)
    PractitionerFactory(provider__name="Him", gender=Gender.MALE)
    ProviderFactory(name="Nobody listed")

    assert names(Provider.objects.with_practitioner_gender([Gender.FEMALE])) == ["Her"]
    assert names(Provider.objects.with_practitioner_gender([Gender.FEMALE, Gender.MALE])) == [
        "Her",
        "Him",
    ]


def test_it_filters_verified_providers():
    ProviderFactory(name="Checked", is_verified=True)
    ProviderFactory(name="Unchecked", is_verified=False)

    assert names(Provider.objects.verified()) == ["Checked"]


def test_it_filters_by_area():
    tampines, bedok = AreaFactory(), AreaFactory()
    LocationFactory(provider__name="East", area=tampines)
    LocationFactory(provider__name="Also east", area=bedok)

    assert names(Provider.objects.in_areas([tampines.pk])) == ["East"]


def test_a_region_includes_every_area_in_it():
    east, west = RegionFactory(slug="east"), RegionFactory(slug="west")
    tampines = AreaFactory(parent=east, slug="tampines")
    bedok = AreaFactory(parent=east, slug="bedok")
    jurong = AreaFactory(parent=west, slug="jurong-east")
    LocationFactory(provider__name="Tampines", area=tampines)
    LocationFactory(provider__name="Bedok", area=bedok)
    LocationFactory(provider__name="Jurong", area=jurong)

    vocabulary = Vocabulary.load()
    assert names(Provider.objects.in_areas(vocabulary.area_ids("east"))) == ["Bedok", "Tampines"]
    assert names(Provider.objects.in_areas(vocabulary.area_ids("bedok"))) == ["Bedok"]


def test_different_filters_combine_with_and():
    service, condition, language = ServiceFactory(), ConditionFactory(), LanguageFactory()
    area = AreaFactory()
    everything = ProviderFactory(
        name="Everything",
        kind=ProviderKind.PHYSIOTHERAPY,
        services=[service],
        conditions=[condition],
        languages=[language],
        is_verified=True,
    )
    LocationFactory(provider=everything, area=area)
    PractitionerFactory(provider=everything, gender=Gender.MALE)
    # Each of these misses exactly one filter.
    wrong_kind = ProviderFactory(
        name="Wrong kind",
        kind=ProviderKind.MASSAGE,
        services=[service],
        conditions=[condition],
        languages=[language],
        is_verified=True,
    )
    LocationFactory(provider=wrong_kind, area=area)
    PractitionerFactory(provider=wrong_kind, gender=Gender.MALE)
    no_condition = ProviderFactory(
        name="No condition",
        kind=ProviderKind.PHYSIOTHERAPY,
        services=[service],
        languages=[language],
        is_verified=True,
    )
    LocationFactory(provider=no_condition, area=area)
    PractitionerFactory(provider=no_condition, gender=Gender.MALE)
    elsewhere = ProviderFactory(
        name="Elsewhere",
        kind=ProviderKind.PHYSIOTHERAPY,
        services=[service],
        conditions=[condition],
        languages=[language],
        is_verified=True,
    )
    LocationFactory(provider=elsewhere)
    PractitionerFactory(provider=elsewhere, gender=Gender.MALE)
    unverified = ProviderFactory(
        name="Unverified",
        kind=ProviderKind.PHYSIOTHERAPY,
        services=[service],
        conditions=[condition],
        languages=[language],
    )
    LocationFactory(provider=unverified, area=area)
    PractitionerFactory(provider=unverified, gender=Gender.MALE)

    result = (
        Provider.objects.listed()
        .of_kind([ProviderKind.PHYSIOTHERAPY])
        .offering([service.pk])
        .treating([condition.pk])
        .speaking([language.pk])
        .in_areas([area.pk])
        .with_practitioner_gender([Gender.MALE])
        .verified()
    )
    assert names(result) == ["Everything"]


def test_it_returns_each_provider_once_when_several_branches_and_services_match(at):
    area = AreaFactory()
    services = [ServiceFactory(), ServiceFactory(), ServiceFactory()]
    conditions = [ConditionFactory(), ConditionFactory()]
    languages = [LanguageFactory(), LanguageFactory()]
    provider = ProviderFactory(services=services, conditions=conditions, languages=languages)
    for _ in range(3):
        LocationFactory(provider=provider, area=area, hours=[(MON, "09:00", "18:00")])
    PractitionerFactory(provider=provider, gender=Gender.FEMALE)
    PractitionerFactory(provider=provider, gender=Gender.FEMALE)

    result = (
        Provider.objects.offering([s.pk for s in services])
        .treating([c.pk for c in conditions])
        .speaking([lang.pk for lang in languages])
        .in_areas([area.pk])
        .with_practitioner_gender([Gender.FEMALE])
        .open_at(at(2025, 6, 2, 10, 0))
    )
    assert list(result) == [provider]
    assert result.count() == 1


def test_it_counts_each_provider_once_when_several_branches_are_open(at):
    area = AreaFactory()
    provider = ProviderFactory(services=[ServiceFactory(), ServiceFactory()])
    for _ in range(3):
        LocationFactory(provider=provider, area=area, hours=[(MON, "09:00", "18:00")])
    ProviderServiceFactory(provider=provider)

    result = Provider.objects.offering([]).in_areas([area.pk]).open_at(at(2025, 6, 2, 10, 0))
    assert list(result) == [provider]
    assert result.count() == 1


# Open at a moment (2025-06-02 is a Monday)


@pytest.fixture
def open_at(at):
    def check(hours, *moment):
        provider = ProviderFactory()
        LocationFactory(provider=provider, hours=hours)
        return Provider.objects.open_at(at(*moment)).filter(pk=provider.pk).exists()

    return check


def test_it_is_open_at_the_opening_minute(open_at):
    assert open_at([(MON, "09:00", "18:00")], 2025, 6, 2, 9, 0)


def test_it_is_closed_the_minute_before_opening(open_at):
    assert not open_at([(MON, "09:00", "18:00")], 2025, 6, 2, 8, 59)


def test_it_is_closed_at_the_closing_minute(open_at):
    assert not open_at([(MON, "09:00", "18:00")], 2025, 6, 2, 18, 0)


def test_it_is_open_one_minute_before_closing(open_at):
    assert open_at([(MON, "09:00", "18:00")], 2025, 6, 2, 17, 59)


def test_it_is_open_late_on_the_day_an_overnight_interval_starts(open_at):
    assert open_at([(FRI, "22:00", "02:00")], 2025, 6, 6, 23, 30)


def test_it_is_open_past_midnight_into_the_next_day(open_at):
    assert open_at([(FRI, "22:00", "02:00")], 2025, 6, 7, 1, 30)


def test_it_is_closed_when_an_overnight_interval_ends(open_at):
    assert not open_at([(FRI, "22:00", "02:00")], 2025, 6, 7, 2, 0)


def test_an_overnight_interval_does_not_open_the_early_hours_of_its_own_day(open_at):
    # Friday 22:00–02:00 runs into Saturday, not into the small hours of Friday.
    assert not open_at([(FRI, "22:00", "02:00")], 2025, 6, 6, 1, 30)


def test_an_overnight_interval_on_sunday_runs_into_monday(open_at):
    assert open_at([(SUN, "22:00", "02:00")], 2025, 6, 9, 1, 0)


def test_it_is_open_all_day_for_midnight_to_midnight(open_at):
    hours = [(MON, "00:00", "00:00")]
    assert open_at(hours, 2025, 6, 2, 0, 0)
    assert open_at(hours, 2025, 6, 2, 13, 0)
    assert open_at(hours, 2025, 6, 2, 23, 59)


def test_midnight_to_midnight_does_not_open_the_next_day(open_at):
    assert not open_at([(MON, "00:00", "00:00")], 2025, 6, 3, 0, 30)


def test_it_is_closed_on_a_day_without_hours(open_at):
    weekdays = [(day, "09:00", "18:00") for day in (MON, TUE, WED, THU, FRI, SAT)]
    assert open_at(weekdays, 2025, 6, 7, 12, 0)  # Saturday
    assert not open_at(weekdays, 2025, 6, 8, 12, 0)  # Sunday


def test_it_is_closed_over_a_lunch_break_between_two_intervals(open_at):
    hours = [(TUE, "09:00", "12:00"), (TUE, "14:00", "18:00")]
    assert open_at(hours, 2025, 6, 3, 11, 59)
    assert not open_at(hours, 2025, 6, 3, 12, 0)
    assert not open_at(hours, 2025, 6, 3, 13, 30)
    assert open_at(hours, 2025, 6, 3, 14, 0)


def test_it_reads_the_moment_in_the_site_time_zone(open_at, site_tz):
    # 01:00 UTC on Monday is 09:00 in Singapore: open there, though UTC's clock says 01:00.
    moment = datetime.datetime(2025, 6, 2, 1, 0, tzinfo=datetime.UTC)
    assert moment.astimezone(site_tz).hour == 9
    provider = ProviderFactory()
    LocationFactory(provider=provider, hours=[(MON, "09:00", "18:00")])

    assert list(Provider.objects.open_at(moment)) == [provider]


def test_it_is_open_when_any_branch_is_open(at):
    provider = ProviderFactory()
    LocationFactory(provider=provider, hours=[(MON, "09:00", "12:00")])
    LocationFactory(provider=provider, hours=[(MON, "13:00", "21:00")])

    assert list(Provider.objects.open_at(at(2025, 6, 2, 20, 0))) == [provider]
    assert list(Provider.objects.open_at(at(2025, 6, 2, 12, 30))) == []


# The database and the Python reading of opening hours agree (cards use Python, filters SQL).

QUARTER_HOURS = st.builds(
    datetime.time, hour=st.integers(0, 23), minute=st.sampled_from([0, 15, 30, 45])
)
INTERVALS = st.lists(
    st.tuples(st.integers(0, 6), QUARTER_HOURS, QUARTER_HOURS), min_size=1, max_size=3
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    intervals=INTERVALS,
    day=st.integers(2, 8),
    hour=st.integers(0, 23),
    minute=st.sampled_from([0, 14, 15, 16, 29, 30, 44, 45, 59]),
)
def test_open_at_agrees_with_the_hours_shown_on_cards(at, intervals, day, hour, minute):
    provider = ProviderFactory()
    LocationFactory(provider=provider, hours=intervals)
    moment = at(2025, 6, day, hour, minute)  # 2025-06-02 is a Monday.
    rows = list(OpeningHours.objects.filter(location__provider=provider))

    in_database = Provider.objects.open_at(moment).filter(pk=provider.pk).exists()
    in_python = hours.status(rows, moment).is_open

    assert in_database == in_python, (intervals, moment)
