"""Opening hours as patients read them (providers.hours), from unsaved intervals."""

import datetime

from providers import hours
from providers.models import OpeningHours

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def interval(weekday, opens, closes):
    return OpeningHours(
        weekday=weekday,
        opens=datetime.time.fromisoformat(opens),
        closes=datetime.time.fromisoformat(closes),
    )


def status(intervals, *moment):
    # 2025-06-02 is a Monday.
    return str(hours.status(intervals, datetime.datetime(*moment)))


WEEKDAYS_9_TO_9 = [interval(day, "09:00", "21:00") for day in (MON, TUE, WED, THU, FRI)]


def test_it_says_when_an_open_provider_closes():
    assert status(WEEKDAYS_9_TO_9, 2025, 6, 2, 10, 0) == "Open now · closes 21:00"


def test_it_is_open_at_the_opening_minute_and_closed_at_the_closing_minute():
    assert status(WEEKDAYS_9_TO_9, 2025, 6, 2, 9, 0) == "Open now · closes 21:00"
    assert status(WEEKDAYS_9_TO_9, 2025, 6, 2, 20, 59) == "Open now · closes 21:00"
    assert status(WEEKDAYS_9_TO_9, 2025, 6, 2, 21, 0) == "Opens Tue 09:00"


def test_it_says_when_a_closed_provider_opens_next_after_the_weekend():
    assert status(WEEKDAYS_9_TO_9, 2025, 6, 7, 12, 0) == "Opens Mon 09:00"


def test_it_says_today_when_the_next_opening_is_later_today():
    split = [interval(WED, "09:00", "12:00"), interval(WED, "14:00", "18:00")]
    assert status(split, 2025, 6, 4, 12, 30) == "Opens today 14:00"
    assert status(split, 2025, 6, 4, 7, 0) == "Opens today 09:00"


def test_it_names_the_same_weekday_a_week_on_when_todays_hours_are_over():
    only_monday = [interval(MON, "09:00", "12:00")]
    assert status(only_monday, 2025, 6, 2, 13, 0) == "Opens Mon 09:00"


def test_it_says_hours_not_listed_without_any_intervals():
    assert status([], 2025, 6, 2, 10, 0) == "Hours not listed"
    assert hours.status([], datetime.datetime(2025, 6, 2, 10, 0)).known is False


def test_it_gives_the_closing_time_of_an_interval_running_past_midnight():
    late = [interval(FRI, "22:00", "02:00")]
    assert status(late, 2025, 6, 6, 23, 30) == "Open now · closes 02:00"
    assert status(late, 2025, 6, 7, 1, 30) == "Open now · closes 02:00"
    assert status(late, 2025, 6, 7, 2, 0) == "Opens Fri 22:00"


def test_it_gives_the_latest_closing_time_when_intervals_overlap():
    overlapping = [
        interval(MON, "09:00", "13:00"),
        interval(MON, "12:00", "18:00"),
        interval(MON, "10:00", "01:00"),
    ]
    assert status(overlapping, 2025, 6, 2, 12, 30) == "Open now · closes 01:00"


def test_it_says_open_24_hours_for_midnight_to_midnight():
    assert status([interval(MON, "00:00", "00:00")], 2025, 6, 2, 3, 0) == (
        "Open now · open 24 hours"
    )


def test_it_is_closed_over_a_lunch_break():
    split = [interval(TUE, "09:00", "12:00"), interval(TUE, "14:00", "18:00")]
    assert status(split, 2025, 6, 3, 11, 59) == "Open now · closes 12:00"
    assert status(split, 2025, 6, 3, 12, 0) == "Opens today 14:00"
    assert status(split, 2025, 6, 3, 14, 0) == "Open now · closes 18:00"


def test_status_knows_whether_it_is_open():
    moment = datetime.datetime(2025, 6, 2, 10, 0)
    assert hours.status(WEEKDAYS_9_TO_9, moment).is_open
    assert not hours.status(WEEKDAYS_9_TO_9, moment.replace(hour=22)).is_open


def test_week_runs_monday_to_sunday_and_marks_today():
    days = hours.week(WEEKDAYS_9_TO_9, today=datetime.date(2025, 6, 4))

    assert [day.name for day in days] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    assert [day.is_today for day in days] == [False, False, True, False, False, False, False]


def test_week_marks_closed_days():
    days = hours.week(WEEKDAYS_9_TO_9, today=datetime.date(2025, 6, 2))

    assert [day.closed for day in days] == [False] * 5 + [True, True]


def test_week_orders_each_days_intervals_by_opening_time():
    given = [
        interval(THU, "18:00", "21:00"),
        interval(MON, "14:00", "18:00"),
        interval(THU, "08:00", "12:00"),
        interval(MON, "09:00", "12:00"),
    ]
    days = hours.week(given)

    assert [(i.opens.hour, i.closes.hour) for i in days[MON].intervals] == [(9, 12), (14, 18)]
    assert [(i.opens.hour, i.closes.hour) for i in days[THU].intervals] == [(8, 12), (18, 21)]
    assert not any(day.is_today for day in days)


def test_week_lists_an_overnight_interval_on_the_day_it_starts():
    days = hours.week([interval(FRI, "22:00", "02:00")])

    assert len(days[FRI].intervals) == 1
    assert days[SAT].closed


def test_format_interval_shows_times_with_an_en_dash():
    assert hours.format_interval(interval(MON, "09:00", "18:30")) == "09:00–18:30"


def test_format_interval_says_an_overnight_interval_ends_the_next_day():
    assert hours.format_interval(interval(FRI, "22:00", "02:00")) == "22:00–02:00 (next day)"


def test_format_interval_says_open_24_hours():
    assert hours.format_interval(interval(SUN, "00:00", "00:00")) == "Open 24 hours"


def test_covers_agrees_with_the_edges():
    late = interval(FRI, "22:00", "02:00")
    assert hours.covers(late, FRI, datetime.time(22, 0))
    assert hours.covers(late, SAT, datetime.time(1, 59))
    assert not hours.covers(late, SAT, datetime.time(2, 0))
    assert not hours.covers(late, FRI, datetime.time(1, 0))
