"""
What a provider can be filtered by, stored on the provider as a set of short tokens.

The directory's filters ask "offers any of these services", "has a branch in any of these
areas", "speaks any of these languages", each about rows in another table. Asked with EXISTS,
every candidate provider costs an index probe per filter, so a count over 100,000 providers
costs tens of milliseconds. `Provider.facets` holds one token per thing a provider can be
filtered by (`s12`: offers service 12; `c3`: treats condition 3; `l5`: speaks language 5;
`a17`: has a branch in area 17; `gfemale`: has a female practitioner; `d5`: open at some
time on Saturday; `h139`: open at some time in the 139th hour of the week, Saturday 19:00 to
20:00; `w139`: open for the whole of that hour; `x20261225`: has special hours on that date;
`e20261225`: has an opening exception of any kind (special hours or closed) on that date;
`k2y2282x7097`: has a branch in that cell of the latitude/longitude grid, providers.geo),
rebuilt with the rest of its derived data (providers.derived) whenever any of those rows change.

Hours are kept to the hour: "open after 19:00 on Saturday" is exactly "has one of h139 to
h143", and a time between hours takes the tokens as candidates that the opening hours
themselves then decide (ProviderQuerySet.open_during). "Open now" is certain for a provider
open for the whole of this hour with no exception today or yesterday (`w` without `e`), and
decided by the hours and exceptions for the few others (ProviderQuerySet.open_at).

On PostgreSQL the column is a `tsvector` with a GIN index, so that all the filters of a
search are answered together from the index, at a cost that grows with the matches rather
than with the table; elsewhere it is text (" s12 c3 a17 ") matched by containment.
"""

import datetime
import math
import re
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db.models import Func, Lookup, Value

from providers.fields import FacetsField

SERVICE = "s"
CONDITION = "c"
LANGUAGE = "l"
AREA = "a"
GENDER = "g"
DAY = "d"
HOUR = "h"
WHOLE_HOUR = "w"
SPECIAL_DATE = "x"
EXCEPTION_DATE = "e"

HOURS_A_WEEK = 7 * 24

TOKEN = re.compile(r"^[a-z][a-z0-9]*$")


def token(kind, value):
    """A facet token: the kind's letter and the value, lowercased with no punctuation."""
    if isinstance(value, int):
        return f"{kind}{value}"
    return kind + re.sub(r"[^a-z0-9]", "", str(value).lower())


def tokens(kind, values):
    return [token(kind, value) for value in values]


def as_text(found):
    """The stored form outside PostgreSQL: tokens between spaces, so " s12 " finds s12 only."""
    return " " + " ".join(sorted(set(found))) + " " if found else " "


def stored_postgresql(found):
    """The stored form on PostgreSQL: a tsvector of the tokens, which a GIN index answers."""
    return Func(
        Value(sorted(set(found))),
        template="array_to_tsvector(%(expressions)s::text[])",
        output_field=FacetsField(),
    )


def _hour_ceiling(moment):
    """The number of hours a time of day reaches into: 18:00 → 18, 18:15 → 19."""
    return moment.hour + (1 if (moment.minute or moment.second or moment.microsecond) else 0)


def hours_open(weekday, opens, closes):
    """
    The hours of the week (0 = Monday 00:00–01:00) an interval of opening hours is open in
    for some time. An interval that closes at or before it opens runs past midnight into
    the next day; 00:00–00:00 is the whole day.
    """
    first = weekday * 24 + opens.hour
    end = weekday * 24 + _hour_ceiling(closes)
    if closes <= opens:
        end += 24
    return {hour % HOURS_A_WEEK for hour in range(first, end)}


def _seconds(time):
    return time.hour * 3600 + time.minute * 60 + time.second + time.microsecond / 1e6


def hours_open_throughout(weekday, opens, closes):
    """The hours of the week an interval of opening hours is open from start to end."""
    start = weekday * 86400 + _seconds(opens)
    end = weekday * 86400 + _seconds(closes) + (86400 if closes <= opens else 0)
    return {hour % HOURS_A_WEEK for hour in range(math.ceil(start / 3600), int(end // 3600))}


def opening_tokens(weekday, opens, closes):
    hours = hours_open(weekday, opens, closes)
    return (
        tokens(HOUR, hours)
        + tokens(DAY, {hour // 24 for hour in hours})
        + tokens(WHOLE_HOUR, hours_open_throughout(weekday, opens, closes))
    )


def special_date_token(date):
    return token(SPECIAL_DATE, f"{date:%Y%m%d}")


def exception_date_token(date):
    return token(EXCEPTION_DATE, f"{date:%Y%m%d}")


def open_at_tokens(local):
    """Candidates for open at this local time: open in its hour, or special hours near it."""
    hour = local.weekday() * 24 + local.hour
    yesterday = local.date() - datetime.timedelta(days=1)
    return [
        token(HOUR, hour),
        special_date_token(local.date()),
        special_date_token(yesterday),
    ]


def certainly_open_at(local):
    """
    A Match for providers certainly open at this local time: open for the whole of its hour
    by their regular hours, with no exception today (which would replace today's hours) or
    yesterday (which would replace what runs past midnight into today).
    """
    yesterday = local.date() - datetime.timedelta(days=1)
    return Match(
        present=[token(WHOLE_HOUR, local.weekday() * 24 + local.hour)],
        absent=[exception_date_token(local.date()), exception_date_token(yesterday)],
    )


def on_the_hour(*times):
    return all(t is None or (t.minute == t.second == t.microsecond == 0) for t in times)


def open_during_tokens(weekdays=(), after=None, before=None):
    """
    Open at some time on one of these weekdays (any day when empty), at or after `after`
    and before `before`: exact when both are whole hours (see on_the_hour), else a superset.
    """
    days = sorted(set(weekdays)) or list(range(7))
    if after is None and before is None:
        return tokens(DAY, days)
    first = after.hour if after is not None else 0
    last = _hour_ceiling(before) if before is not None else 24
    return tokens(HOUR, [day * 24 + hour for day in days for hour in range(first, last)])


@FacetsField.register_lookup
class HasAny(Lookup):
    """`facets__has_any=["s12", "s13"]`: the provider has at least one of these tokens."""

    lookup_name = "has_any"
    prepare_rhs = False

    def __init__(self, lhs, rhs):
        rhs = list(rhs)
        _check_tokens(rhs)
        super().__init__(lhs, rhs)

    def as_postgresql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} @@ %s::tsquery", [*params, " | ".join(self.rhs)]

    def as_sql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        lhs, lhs_params = self.process_lhs(compiler, connection)
        params = []
        for item in self.rhs:
            params += [*lhs_params, f"% {item} %"]
        return "(" + " OR ".join(f"{lhs} LIKE %s" for _ in self.rhs) + ")", params


@dataclass(frozen=True)
class Match:
    """What `facets__matches` asks for: every token in `present` and none in `absent`."""

    present: list
    absent: list = ()

    def __post_init__(self):
        _check_tokens([*self.present, *self.absent])


def _check_tokens(items):
    # Tokens come from ids and choices through token(); anything else is a bug, and would be
    # read as query syntax by PostgreSQL.
    if not all(isinstance(item, str) and TOKEN.match(item) for item in items):
        raise ValueError(f"Not facet tokens: {items!r}")


@FacetsField.register_lookup
class Matches(Lookup):
    """`facets__matches=Match(present=["w35"], absent=["e20261124"])`."""

    lookup_name = "matches"
    prepare_rhs = False

    def __init__(self, lhs, rhs):
        if not isinstance(rhs, Match) or not rhs.present:
            raise ValueError(f"Not a Match with tokens present: {rhs!r}")
        super().__init__(lhs, rhs)

    def as_postgresql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        query = " & ".join([*self.rhs.present, *(f"!{item}" for item in self.rhs.absent)])
        return f"{lhs} @@ %s::tsquery", [*params, query]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        conditions, params = [], []
        for item, operator in [(item, "LIKE") for item in self.rhs.present] + [
            (item, "NOT LIKE") for item in self.rhs.absent
        ]:
            conditions.append(f"{lhs} {operator} %s")
            params += [*lhs_params, f"% {item} %"]
        return "(" + " AND ".join(conditions) + ")", params
