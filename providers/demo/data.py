"""Loading and checking the demo data files."""

import csv
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"


class DemoDataError(ValueError):
    """A data file is missing something the seed needs, or contradicts itself."""


@dataclass(frozen=True)
class DemoData:
    market: dict
    taxonomy: dict
    content: dict

    def areas(self):
        """(region, area) pairs for every area in the market, in file order."""
        return [(region, area) for region in self.market["regions"] for area in region["areas"]]

    def clinic_areas(self):
        """Areas where fictional clinics may be placed: residential and commercial ones."""
        uses = set(self.market["clinic_land_uses"])
        return [
            (region, area)
            for region, area in self.areas()
            if area["land_use"] in uses and area.get("weight", 1) > 0
        ]


SHARED_FILES = {"taxonomy", "content"}


def markets():
    """The markets there is a data file for."""
    return sorted(p.stem for p in DATA_DIR.glob("*.json") if p.stem not in SHARED_FILES)


def _read(name):
    path = DATA_DIR / f"{name}.json"
    if not path.exists():
        raise DemoDataError(f"No demo data for {name!r}; markets: {', '.join(markets())}.")
    with path.open(encoding="utf-8") as f:
        return json.load(f)


@cache
def load(market="singapore"):
    data = DemoData(market=_read(market), taxonomy=_read("taxonomy"), content=_read("content"))
    check(data)
    return data


def places(data):
    """
    The market's named places (its `places` section), as rows for the Place table: dicts with
    name, kind, lat, lng, other_names (a list) and area (an area's slug, or None).
    """
    section = data.market.get("places", {})
    rows = []
    stations = section.get("stations")
    if stations:
        rows += _stations(stations)
    for place in section.get("named", []):
        rows.append(
            {
                "name": place["name"],
                "kind": place["kind"],
                "lat": place["lat"],
                "lng": place["lng"],
                "other_names": place.get("other_names", []),
                "area": place.get("area"),
            }
        )
    for name, area in section.get("short_names", {}).items():
        rows.append(
            {
                "name": name,
                "kind": "abbreviation",
                "lat": None,
                "lng": None,
                "other_names": [],
                "area": area,
            }
        )
    return rows


def _stations(spec):
    """
    One row per station name of the stations file: an interchange has a line per code, all
    with its name, and becomes one station at the mean of their points.
    """
    by_name = {}
    with (DATA_DIR / spec["file"]).open(encoding="utf-8", newline="") as f:
        for line in csv.DictReader(f):
            by_name.setdefault(line["station_name"], []).append(line)
    rows = []
    for name, lines in by_name.items():
        systems = {
            spec["systems"].get(
                re.match(r"[A-Za-z]*", line["station_code"]).group(), spec["default_system"]
            )
            for line in lines
        }
        # An interchange of several systems is known by the main one (Choa Chu Kang MRT).
        system = spec["default_system"] if spec["default_system"] in systems else min(systems)
        rows.append(
            {
                "name": spec["name"].format(name=name, system=system),
                "kind": "station",
                "lat": round(sum(float(line["lat"]) for line in lines) / len(lines), 6),
                "lng": round(sum(float(line["lon"]) for line in lines) / len(lines), 6),
                "other_names": [],
                "area": None,
            }
        )
    return rows


def postal_sectors(market="singapore"):
    """{sector: (latitude, longitude)} for a market, for locating a postal code roughly."""
    sectors = load(market).market["postal_sectors"]["sectors"]
    return {code: (row["lat"], row["lng"]) for code, row in sectors.items()}


def check(data):
    """Refuse data the seed would turn into nonsense, naming what is wrong."""
    from django.utils.text import slugify

    from providers.models import ProviderKind

    market = data.market
    kinds = set(ProviderKind.values)
    problems = []
    for name in ("kind_weights", "name_suffixes", "approaches"):
        unknown = set(data.content[name]) - kinds
        if unknown:
            problems.append(f"content.{name} names unknown kinds: {sorted(unknown)}")
    for kind in data.content["kind_weights"]:
        for section in (market["credentials"], market["training"], market["prices"]["by_kind"]):
            if kind not in section:
                problems.append(f"{market['market']}: no credentials/training/prices for {kind}")

    codes = {language["code"] for language in data.taxonomy["languages"]}
    people = market["people"]
    spoken = {people["common_language"]}
    for profile in people["profiles"].values():
        spoken.update(profile["languages"])
    if spoken - codes:
        problems.append(f"people speak languages missing from taxonomy: {sorted(spoken - codes)}")

    bounds = market["bounds"]
    sectors = market["postal_sectors"]["sectors"]
    for region, area in data.areas():
        for place in (region, area):
            lat, lng = place["lat"], place["lng"]
            if not (
                bounds["min_lat"] <= lat <= bounds["max_lat"]
                and bounds["min_lng"] <= lng <= bounds["max_lng"]
            ):
                problems.append(f"{place['name']}: {lat},{lng} is outside the market's bounds")
        unknown = [sector for sector in area["sectors"] if sector not in sectors]
        if unknown:
            problems.append(f"{area['name']}: unknown postal sectors {unknown}")
    area_slugs = {area.get("slug") or slugify(area["name"]) for _region, area in data.areas()}
    for place in places(data):
        if place["lat"] is not None and not (
            bounds["min_lat"] <= place["lat"] <= bounds["max_lat"]
            and bounds["min_lng"] <= place["lng"] <= bounds["max_lng"]
        ):
            problems.append(f"{place['name']}: {place['lat']},{place['lng']} is outside the bounds")
        if place["area"] is not None and place["area"] not in area_slugs:
            problems.append(f"{place['name']}: no area {place['area']!r}")
    if not data.clinic_areas():
        problems.append("no residential or commercial area to place clinics in")
    for _region, area in data.clinic_areas():
        if not area["sectors"] or not (area.get("hdb_streets") or area.get("streets")):
            problems.append(f"{area['name']}: a clinic area needs postal sectors and streets")
    regions_with_clinics = {region["name"] for region, _ in data.clinic_areas()}
    for region in market["regions"]:
        if region["name"] not in regions_with_clinics:
            problems.append(f"{region['name']} has no area for clinics")
    if problems:
        raise DemoDataError("Demo data problems:\n- " + "\n- ".join(problems))
