"""
Opening hours as patients read them: "Open now · closes 21:00", "Opens Mon 09:00", a week.

Works on any objects with `weekday` (0 = Monday), `opens` and `closes` (times). An interval
whose closing time is not after its opening time runs past midnight into the next day.
"""

import datetime
from dataclasses import dataclass, field

DAY_ABBREVIATIONS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MIDNIGHT = datetime.time(0, 0)


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
            return "Hours not listed"
        if self.is_open:
            if self.all_day:
                return "Open now · open 24 hours"
            return f"Open now · closes {self.closes:%H:%M}"
        if self.next_weekday is None:
            return "Closed"
        day = "today" if self.next_is_today else DAY_ABBREVIATIONS[self.next_weekday]
        return f"Opens {day} {self.next_opens:%H:%M}"


def status(intervals, moment):
    """Where these intervals leave a patient at `moment` (a local datetime)."""
    intervals = list(intervals)
    if not intervals:
        return OpeningStatus(is_open=False, known=False)
    weekday, at = moment.weekday(), moment.time()
    open_now = [i for i in intervals if covers(i, weekday, at)]
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
        day = (weekday + offset) % 7
        starts = sorted(
            i.opens for i in intervals if i.weekday == day and (offset > 0 or i.opens > at)
        )
        if starts:
            return OpeningStatus(
                is_open=False, next_weekday=day, next_opens=starts[0], next_is_today=offset == 0
            )
    return OpeningStatus(is_open=False)


@dataclass
class Day:
    weekday: int
    intervals: list = field(default_factory=list)
    is_today: bool = False

    @property
    def name(self):
        return DAY_NAMES[self.weekday]

    @property
    def closed(self):
        return not self.intervals


def week(intervals, today=None):
    """Monday to Sunday, each with its intervals in order; `today` (a date) is marked."""
    days = [Day(weekday=n) for n in range(7)]
    for interval in sorted(intervals, key=lambda i: (i.weekday, i.opens)):
        days[interval.weekday].intervals.append(interval)
    if today is not None:
        days[today.weekday()].is_today = True
    return days


def format_interval(interval):
    if interval.opens == interval.closes == MIDNIGHT:
        return "Open 24 hours"
    text = f"{interval.opens:%H:%M}–{interval.closes:%H:%M}"
    if _overnight(interval):
        text += " (next day)"
    return text
