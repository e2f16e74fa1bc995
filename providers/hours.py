"""
Opening hours as patients read them: "Open now · closes 21:00", "Opens Mon 09:00", a week.

Works on any objects with `weekday` (0 = Monday), `opens` and `closes` (times). An interval
whose closing time is not after its opening time runs past midnight into the next day.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

DAY_ABBREVIATIONS = [
    pgettext_lazy("abbreviated weekday", "Mon"),
    pgettext_lazy("abbreviated weekday", "Tue"),
    pgettext_lazy("abbreviated weekday", "Wed"),
    pgettext_lazy("abbreviated weekday", "Thu"),
    pgettext_lazy("abbreviated weekday", "Fri"),
    pgettext_lazy("abbreviated weekday", "Sat"),
    pgettext_lazy("abbreviated weekday", "Sun"),
]
DAY_NAMES = [
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
]
MIDNIGHT = datetime.time(0, 0)
ONE_DAY = datetime.timedelta(days=1)


def _overnight(interval):
    return interval.closes <= interval.opens


def covers(interval, weekday, at):
    """Whether this interval is open at `at` (a time) on `weekday`."""
    if interval.weekday == weekday:
        if _overnight(interval):
            return at >= interval.opens
        return interval.opens <= at < interval.closes
    if interval.weekday == (weekday - 1) % 7 and _overnight(interval):
        return at < interval.closes
    return False


@dataclass(frozen=True)
class OpeningStatus:
    is_open: bool
    closes: datetime.time | None = None
    all_day: bool = False
    next_weekday: int | None = None
    next_opens: datetime.time | None = None
    next_is_today: bool = False
    known: bool = True

    def __str__(self):
        if not self.known:
            return _("Hours not listed")
        if self.is_open:
            if self.all_day:
                return _("Open now · open 24 hours")
            return _("Open now · closes %(time)s") % {"time": f"{self.closes:%H:%M}"}
        if self.next_weekday is None:
            return _("Closed")
        if self.next_is_today:
            return _("Opens today %(time)s") % {"time": f"{self.next_opens:%H:%M}"}
        return _("Opens %(day)s %(time)s") % {
            "day": DAY_ABBREVIATIONS[self.next_weekday],
            "time": f"{self.next_opens:%H:%M}",
        }


@dataclass(frozen=True)
class DatedInterval:
    """An interval on a given day: a regular weekday's, or a dated exception's special hours."""

    weekday: int
    opens: datetime.time
    closes: datetime.time


def _branch(item):
    return getattr(item, "location_id", None)


class Schedule:
    """
    The intervals open on any date: each branch's regular hours for the date's weekday, or,
    on a date with exceptions for that branch, the exceptions' special hours instead (a
    closure leaves none), including the part of the day's last interval that runs past
    midnight. Days are worked out as they are asked for: most providers' status needs two.
    """

    def __init__(self, intervals, exceptions):
        self.branches = {}
        for interval in intervals:
            regular, _special = self.branches.setdefault(_branch(interval), ({}, {}))
            regular.setdefault(interval.weekday, []).append(interval)
        for exception in exceptions:
            _regular, special = self.branches.setdefault(_branch(exception), ({}, {}))
            special.setdefault(exception.date, []).append(exception)

    def on(self, date):
        found = []
        weekday = date.weekday()
        for regular, special in self.branches.values():
            if date in special:
                found.extend(
                    DatedInterval(weekday, e.opens, e.closes)
                    for e in special[date]
                    if not e.closed and e.opens is not None and e.closes is not None
                )
            else:
                found.extend(regular.get(weekday, ()))
        return found


def status(intervals, moment, exceptions=()):
    """
    Where these intervals leave a patient at `moment` (a local datetime). `exceptions`
    (objects with `date`, `closed`, `opens`, `closes` and, like the intervals, `location_id`)
    replace the regular hours of their branch on their date.
    """
    intervals, exceptions = list(intervals), list(exceptions)
    if not intervals and not exceptions:
        return OpeningStatus(is_open=False, known=False)
    today, at = moment.date(), moment.time()
    weekday = today.weekday()
    schedule = Schedule(intervals, exceptions)
    open_now = [i for i in schedule.on(today) if covers(i, weekday, at)] + [
        i for i in schedule.on(today - ONE_DAY) if _overnight(i) and at < i.closes
    ]
    if open_now:
        if any(i.opens == i.closes == MIDNIGHT for i in open_now):
            return OpeningStatus(is_open=True, all_day=True)

        # The latest closing time among the intervals open now, counting past midnight.
        def minutes_left(i):
            close = i.closes.hour * 60 + i.closes.minute
            now = at.hour * 60 + at.minute
            return (close - now) % (24 * 60) or 24 * 60

        latest = max(open_now, key=minutes_left)
        return OpeningStatus(is_open=True, closes=latest.closes)
    for offset in range(8):
        date = today + offset * ONE_DAY
        starts = [i.opens for i in schedule.on(date) if offset > 0 or i.opens > at]
        if starts:
            return OpeningStatus(
                is_open=False,
                next_weekday=date.weekday(),
                next_opens=min(starts),
                next_is_today=offset == 0,
            )
    return OpeningStatus(is_open=False)


@dataclass
class Day:
    weekday: int
    intervals: list = field(default_factory=list)
    is_today: bool = False
    # Set when a dated exception replaces this weekday's hours in the coming seven days.
    date: datetime.date | None = None
    exception: object = None

    @property
    def name(self):
        return DAY_NAMES[self.weekday]

    @property
    def closed(self):
        return not self.intervals


def week(intervals, today=None, exceptions=()):
    """
    Monday to Sunday, each with its intervals in order; `today` (a date) is marked. With
    `today`, an exception dated in the seven days from today replaces its weekday's hours.
    """
    days = [Day(weekday=n) for n in range(7)]
    for interval in sorted(intervals, key=lambda i: (i.weekday, i.opens)):
        days[interval.weekday].intervals.append(interval)
    if today is not None:
        days[today.weekday()].is_today = True
        coming = {}
        for exception in exceptions:
            if today <= exception.date < today + datetime.timedelta(days=7):
                coming.setdefault(exception.date, []).append(exception)
        for date, found in coming.items():
            day = days[date.weekday()]
            day.date = date
            day.exception = found[0]
            day.intervals = sorted(
                (
                    DatedInterval(date.weekday(), e.opens, e.closes)
                    for e in found
                    if not e.closed and e.opens is not None and e.closes is not None
                ),
                key=lambda i: i.opens,
            )
    return days


def format_interval(interval):
    if interval.opens == interval.closes == MIDNIGHT:
        return _("Open 24 hours")
    text = f"{interval.opens:%H:%M}–{interval.closes:%H:%M}"
    if _overnight(interval):
        return _("%(hours)s (next day)") % {"hours": text}
    return text
