"""
Dated exceptions to the weekly hours (public holidays, closures, special hours): what "open
now" says, what the directory's open-now filter finds, what the profile shows, and the form
staff give them with.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from providers import hours
from providers.models import OpeningException, OpeningHours, Provider
from tests.conftest import committed
from tests.factories import LocationFactory, ProviderFactory

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
# 2025-06-02 is a Monday.
MONDAY = datetime.date(2025, 6, 2)


def interval(weekday, opens, closes, branch=1):
    return OpeningHours(
        location_id=branch,
        weekday=weekday,
        opens=datetime.time.fromisoformat(opens),
        closes=datetime.time.fromisoformat(closes),
    )


def closure(date, branch=1):
    return OpeningException(location_id=branch, date=date, closed=True)


def special(date, opens, closes, branch=1):
    return OpeningException(
        location_id=branch,
        date=date,
        closed=False,
        opens=datetime.time.fromisoformat(opens),
        closes=datetime.time.fromisoformat(closes),
    )


def status(intervals, exceptions, date, at):
    moment = datetime.datetime.combine(date, datetime.time.fromisoformat(at))
    return str(hours.status(intervals, moment, exceptions))


WEEKDAYS = [interval(day, "09:00", "18:00") for day in (MON, TUE, WED, THU, FRI)]


def test_a_closure_closes_the_day_and_names_the_next_opening():
    assert status(WEEKDAYS, [closure(MONDAY)], MONDAY, "10:00") == "Opens Tue 09:00"


def test_a_closure_on_another_day_changes_nothing_today():
    tuesday = MONDAY + datetime.timedelta(days=1)
    assert status(WEEKDAYS, [closure(tuesday)], MONDAY, "10:00") == "Open now · closes 18:00"
    assert status(WEEKDAYS, [closure(tuesday)], MONDAY, "19:00") == "Opens Wed 09:00"


def test_special_hours_replace_the_days_regular_hours():
    short = [special(MONDAY, "10:00", "13:00")]
    assert status(WEEKDAYS, short, MONDAY, "09:30") == "Opens today 10:00"
    assert status(WEEKDAYS, short, MONDAY, "12:00") == "Open now · closes 13:00"
    assert status(WEEKDAYS, short, MONDAY, "14:00") == "Opens Tue 09:00"


def test_special_hours_open_a_day_that_is_usually_closed():
    saturday = MONDAY + datetime.timedelta(days=5)
    assert status(WEEKDAYS, [special(saturday, "09:00", "12:00")], saturday, "10:00") == (
        "Open now · closes 12:00"
    )


def test_a_closure_also_cancels_the_part_of_its_day_that_runs_past_midnight():
    late = [interval(SUN, "22:00", "02:00")]
    sunday = MONDAY - datetime.timedelta(days=1)
    assert status(late, [], MONDAY, "01:00") == "Open now · closes 02:00"
    assert status(late, [closure(sunday)], MONDAY, "01:00") == "Opens Sun 22:00"


def test_special_hours_past_midnight_run_into_the_next_morning():
    eve = [special(MONDAY, "20:00", "01:00")]
    tuesday = MONDAY + datetime.timedelta(days=1)
    assert status(WEEKDAYS, eve, tuesday, "00:30") == "Open now · closes 01:00"
    assert status(WEEKDAYS, eve, tuesday, "01:00") == "Opens today 09:00"


def test_a_closure_of_one_branch_leaves_the_other_open():
    two = WEEKDAYS + [interval(MON, "09:00", "18:00", branch=2)]
    assert status(two, [closure(MONDAY, branch=1)], MONDAY, "10:00") == ("Open now · closes 18:00")
    assert status(two, [closure(MONDAY, 1), closure(MONDAY, 2)], MONDAY, "10:00") == (
        "Opens Tue 09:00"
    )


def test_only_exceptions_are_enough_to_know_the_hours():
    assert status([], [special(MONDAY, "09:00", "10:00")], MONDAY, "09:30") == (
        "Open now · closes 10:00"
    )


def test_the_week_shows_a_coming_exception_instead_of_the_regular_hours():
    wednesday = MONDAY + datetime.timedelta(days=2)
    days = hours.week(WEEKDAYS, today=MONDAY, exceptions=[closure(wednesday)])
    assert days[WED].closed and days[WED].date == wednesday
    assert not days[TUE].closed and days[TUE].exception is None


def test_the_week_ignores_exceptions_more_than_six_days_ahead():
    next_monday = MONDAY + datetime.timedelta(days=7)
    days = hours.week(WEEKDAYS, today=MONDAY, exceptions=[closure(next_monday)])
    assert not days[MON].closed


# In the database: the open-now filter and the profile


def aware(date, at):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time.fromisoformat(at)))


@pytest.fixture
def clinic(db):
    provider = ProviderFactory(name="Holiday Clinic")
    branch = LocationFactory(
        provider=provider, hours=[(MON, "09:00", "18:00"), (SUN, "22:00", "02:00")]
    )
    return provider, branch


def is_open(moment):
    return Provider.objects.open_at(moment).filter(name="Holiday Clinic").exists()


def test_the_open_now_filter_respects_a_closure(clinic):
    _, branch = clinic
    assert is_open(aware(MONDAY, "10:00"))
    with committed():
        OpeningException.objects.create(location=branch, date=MONDAY, closed=True)
    assert not is_open(aware(MONDAY, "10:00"))


def test_the_open_now_filter_finds_special_hours(clinic):
    _, branch = clinic
    tuesday = MONDAY + datetime.timedelta(days=1)
    assert not is_open(aware(tuesday, "11:00"))
    with committed():
        OpeningException.objects.create(
            location=branch, date=tuesday, closed=False, opens="10:00", closes="12:00"
        )
    assert is_open(aware(tuesday, "11:00"))
    assert not is_open(aware(tuesday, "12:00"))


def test_the_open_now_filter_closes_the_past_midnight_part_of_a_closed_day(clinic):
    _, branch = clinic
    sunday = MONDAY - datetime.timedelta(days=1)
    assert is_open(aware(MONDAY, "01:00"))
    with committed():
        OpeningException.objects.create(location=branch, date=sunday, closed=True)
    assert not is_open(aware(MONDAY, "01:00"))


def test_the_open_now_filter_follows_special_hours_past_midnight(clinic):
    _, branch = clinic
    with committed():
        OpeningException.objects.create(
            location=branch, date=MONDAY, closed=False, opens="20:00", closes="03:00"
        )
    tuesday = MONDAY + datetime.timedelta(days=1)
    assert is_open(aware(tuesday, "02:30"))
    assert not is_open(aware(MONDAY, "10:00"))  # the special hours replace Monday's 09–18


def test_the_profile_lists_a_coming_closure(client, clinic):
    provider, branch = clinic
    day = timezone.localdate() + datetime.timedelta(days=3)
    with committed():
        OpeningException.objects.create(
            location=branch, date=day, closed=True, reason="Harvest Day"
        )
    content = client.get(provider.get_absolute_url()).content.decode()
    assert "Changes to the usual hours" in content
    assert "Harvest Day" in content
    assert f"{day:%a} {day.day} {day:%b %Y}" in content


def test_the_profile_does_not_list_past_exceptions(client, clinic):
    provider, branch = clinic
    day = timezone.localdate() - datetime.timedelta(days=10)
    with committed():
        OpeningException.objects.create(location=branch, date=day, closed=True, reason="Old news")
    assert "Old news" not in client.get(provider.get_absolute_url()).content.decode()


# The exceptions form at /manage/


def exceptions_url(c):
    return reverse("manage:exceptions", args=[c.provider.slug, c.branch.pk])


def post_exception(client, c, **data):
    key = client.get(exceptions_url(c)).context["form"].initial["submission_key"]
    data.setdefault("submission_key", key)
    return client.post(exceptions_url(c), data)


def test_staff_add_a_public_holiday_closure(client, clinics):
    client.force_login(clinics.alice)
    day = timezone.localdate() + datetime.timedelta(days=5)
    response = post_exception(
        client, clinics.a, date=day.isoformat(), closed="on", reason="National Day"
    )
    assert response.status_code == 302
    added = OpeningException.objects.get(location=clinics.a.branch, date=day)
    assert added.closed and added.opens is None and added.reason == "National Day"


def test_staff_add_special_hours(client, clinics):
    client.force_login(clinics.alice)
    day = timezone.localdate() + datetime.timedelta(days=5)
    post_exception(client, clinics.a, date=day.isoformat(), opens="10:00", closes="14:00")
    added = OpeningException.objects.get(location=clinics.a.branch, date=day)
    assert not added.closed and f"{added.opens:%H:%M}-{added.closes:%H:%M}" == "10:00-14:00"


def test_today_is_accepted_and_yesterday_is_refused(client, clinics):
    client.force_login(clinics.alice)
    today = timezone.localdate()
    assert post_exception(client, clinics.a, date=today.isoformat(), closed="on").status_code == (
        302
    )
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    response = post_exception(client, clinics.a, date=yesterday, closed="on", reason="Kept")
    assert response.status_code == 200
    assert "has passed" in str(response.context["form"].errors["date"])
    assert 'value="Kept"' in response.content.decode()


def test_a_date_more_than_two_years_ahead_is_refused(client, clinics):
    client.force_login(clinics.alice)
    far = timezone.localdate() + datetime.timedelta(days=2 * 366 + 1)
    response = post_exception(client, clinics.a, date=far.isoformat(), closed="on")
    assert "date" in response.context["form"].errors


def test_special_hours_need_both_times(client, clinics):
    client.force_login(clinics.alice)
    day = timezone.localdate() + datetime.timedelta(days=5)
    response = post_exception(client, clinics.a, date=day.isoformat(), opens="10:00")
    assert response.status_code == 200
    assert "closes" in response.context["form"].errors
    assert not OpeningException.objects.filter(location=clinics.a.branch, date=day).exists()


def test_a_second_closure_on_the_same_day_is_refused(client, clinics):
    client.force_login(clinics.alice)
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    post_exception(client, clinics.a, date=day, closed="on")
    response = post_exception(client, clinics.a, date=day, closed="on")
    assert response.status_code == 200
    assert "already" in str(response.context["form"].non_field_errors())
    assert OpeningException.objects.filter(location=clinics.a.branch, date=day).count() == 1


def test_overlapping_special_hours_are_refused(client, clinics):
    client.force_login(clinics.alice)
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    post_exception(client, clinics.a, date=day, opens="10:00", closes="14:00")
    response = post_exception(client, clinics.a, date=day, opens="13:00", closes="15:00")
    assert "opens" in response.context["form"].errors


def test_the_same_exception_form_posted_twice_adds_one_row(client, clinics):
    client.force_login(clinics.alice)
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    key = client.get(exceptions_url(clinics.a)).context["form"].initial["submission_key"]
    for _ in range(2):
        client.post(
            exceptions_url(clinics.a),
            {"submission_key": key, "date": day, "opens": "10:00", "closes": "11:00"},
        )
    assert OpeningException.objects.filter(location=clinics.a.branch, date=day).count() == 1
