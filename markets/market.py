"""
The market the site covers, read from its data file: country, currency, time zone, emergency
number, phone numbers' shape, public holidays and the bodies that register or license each kind
of care. settings.MARKET names a file under markets/data/ or gives a path to one.
"""

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

DATA_DIR = Path(__file__).parent / "data"


def market_file(name):
    """The data file settings.MARKET means: a shipped market's name, or a path to a file."""
    path = Path(name)
    return path if path.suffix == ".json" else DATA_DIR / f"{name}.json"


def read_market_file(name):
    with open(market_file(name), encoding="utf-8") as file:
        return json.load(file)


@dataclass(frozen=True)
class Holiday:
    date: datetime.date
    name: str


@dataclass(frozen=True)
class Regulator:
    name: str
    abbreviation: str
    url: str
    kinds: tuple
    statutory: bool
    registers: str
    how_to_check: str
    check_url: str


@dataclass(frozen=True)
class PhoneFormat:
    calling_code: str
    national_digits: tuple
    groups: tuple
    example: str

    @property
    def international_example(self):
        return f"+{self.calling_code} {self.example}"

    def international(self, number):
        """
        The number as stored: a local number gains the country's calling code, and the digits
        of a number the market knows are grouped as people write them; any other number (from
        abroad, or not a number) is returned as it was written, for the validator to judge.
        """
        written = " ".join(number.split())
        digits = "".join(c for c in written if c.isdigit())
        if not written or any(not (c.isdigit() or c in " +-().") for c in written):
            return written
        if written.startswith("+"):
            if not digits.startswith(self.calling_code):
                return written
            digits = digits[len(self.calling_code) :]
        if len(digits) not in self.national_digits:
            return written
        return f"+{self.calling_code} {self.grouped(digits)}"

    def grouped(self, digits):
        parts, start = [], 0
        for size in self.groups:
            parts.append(digits[start : start + size])
            start += size
        if digits[start:]:
            parts.append(digits[start:])
        return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class Market:
    name: str
    country_code: str
    currency: str
    time_zone: str
    weekend_days: tuple
    emergency_number: str
    emergency_service: str
    non_emergency_number: str
    non_emergency_service: str
    phone: PhoneFormat
    station_words: frozenset
    where_examples: tuple
    holidays: tuple
    complete_holiday_years: frozenset
    holidays_source: str
    regulators: tuple

    @classmethod
    def from_data(cls, data):
        emergency = data["emergency"]
        non_emergency = emergency.get("non_emergency") or {}
        years = data.get("public_holidays", {}).get("years", {})
        return cls(
            name=data["name"],
            country_code=data["country_code"],
            currency=data["currency"],
            time_zone=data["time_zone"],
            weekend_days=tuple(data.get("weekend_days", (5, 6))),
            emergency_number=emergency["number"],
            emergency_service=emergency.get("service", ""),
            non_emergency_number=non_emergency.get("number", ""),
            non_emergency_service=non_emergency.get("service", ""),
            phone=PhoneFormat(
                calling_code=data["phone"]["calling_code"],
                national_digits=tuple(data["phone"]["national_digits"]),
                groups=tuple(data["phone"].get("groups", ())),
                example=data["phone"]["example"],
            ),
            # Words that say "the station at" a place rather than name it ("Bishan MRT").
            station_words=frozenset(data.get("places", {}).get("station_words", ("station",))),
            # What the search's "Where" box suggests typing.
            where_examples=tuple(data.get("places", {}).get("where_examples", ())),
            holidays=tuple(
                sorted(
                    (
                        Holiday(datetime.date.fromisoformat(day), name)
                        for year in years.values()
                        for day, name in year["days"]
                    ),
                    key=lambda holiday: holiday.date,
                )
            ),
            complete_holiday_years=frozenset(
                int(year) for year, listed in years.items() if listed.get("complete")
            ),
            holidays_source=data.get("public_holidays", {}).get("source", ""),
            regulators=tuple(
                Regulator(
                    name=body["name"],
                    abbreviation=body.get("abbreviation", ""),
                    url=body.get("url", ""),
                    kinds=tuple(body.get("kinds", ())),
                    statutory=body.get("statutory", True),
                    registers=body["registers"],
                    how_to_check=body.get("how_to_check", ""),
                    check_url=body.get("check_url", ""),
                )
                for body in data.get("regulators", ())
            ),
        )

    def holidays_from(self, day, days=365):
        """The public holidays from `day` (included) to `days` days later."""
        until = day + datetime.timedelta(days=days)
        return [holiday for holiday in self.holidays if day <= holiday.date < until]

    def is_holiday(self, day):
        return any(holiday.date == day for holiday in self.holidays)

    def is_working_day(self, day):
        return day.weekday() not in self.weekend_days and not self.is_holiday(day)

    def holidays_complete(self, first, last):
        """Whether the file lists every holiday of the years from `first` to `last`."""
        return all(year in self.complete_holiday_years for year in range(first.year, last.year + 1))

    def regulators_for(self, kind):
        return [body for body in self.regulators if kind in body.kinds]


@cache
def load(name):
    return Market.from_data(read_market_file(name))


def current():
    """The market settings.MARKET names (read once per name)."""
    return load(settings.MARKET)
