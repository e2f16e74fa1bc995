"""
Fictional providers, made up one at a time from the demo data files.

`ProviderGenerator.identity(i)` names provider number i; `plan(identity)` makes the rest of it
as unsaved model instances and the ids of its many-to-many links. Nothing here touches the
database. Each provider draws from its
own `random.Random` seeded with the market and i, so provider i is the same whatever the total
asked for, and the first hundred of a 100,000 run are the default demo set.
"""

import datetime
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.utils.text import slugify

from providers.models import (
    ConfirmedAs,
    Credential,
    Location,
    Practitioner,
    Provider,
    ProviderService,
)

SEED = "backpain-demo-v1"
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
KM_PER_DEGREE = 111.32
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass
class Ids:
    """Database ids of the vocabulary terms the generator links to, by slug (languages by code)."""

    areas: dict
    services: dict
    conditions: dict
    languages: dict


class Identity(NamedTuple):
    i: int
    rng: random.Random
    kind: str
    area: dict
    name: str
    slug: str
    guaranteed: bool


@dataclass
class PractitionerPlan:
    practitioner: Practitioner
    language_codes: list
    credentials: list
    language_ids: list = field(default_factory=list)


@dataclass
class ProviderPlan:
    provider: Provider
    locations: list = field(default_factory=list)  # [(Location, [(weekday, opens, closes)])]
    offers: list = field(default_factory=list)
    language_ids: list = field(default_factory=list)
    condition_ids: list = field(default_factory=list)
    practitioners: list = field(default_factory=list)
    credentials: list = field(default_factory=list)  # the provider's own


def weighted(rng, options):
    """A key of `options` ({key: weight}), chosen in proportion to its weight."""
    keys = list(options)
    return rng.choices(keys, weights=[options[k] for k in keys])[0]


def human_list(items):
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def fill_pattern(rng, pattern):
    """Replace # with a digit and @ with a capital letter."""
    return "".join(
        str(rng.randrange(10)) if c == "#" else rng.choice(LETTERS) if c == "@" else c
        for c in pattern
    )


def parse_days(spec):
    """'mon-fri' → [0, 1, 2, 3, 4]; 'sat' → [5]."""
    first, _, last = spec.partition("-")
    start, end = DAYS.index(first), DAYS.index(last or first)
    return list(range(start, end + 1))


def parse_time(text):
    hours, minutes = text.split(":")
    return datetime.time(int(hours), int(minutes))


class ProviderGenerator:
    def __init__(self, data, ids, today=None, now=None):
        from django.utils import timezone

        self.data = data
        self.market = data.market
        self.content = data.content
        self.ids = ids
        self.now = now or timezone.now()
        self.today = today or timezone.localdate()
        self.market_key = self.market["market"]

        self.kind_weights = self.content["kind_weights"]
        self.kinds = list(self.kind_weights)
        self.regions = [region["slug"] for region in self.market["regions"]]
        self.areas_by_region = {slug: {} for slug in self.regions}
        self.areas = {}
        for region, area in data.clinic_areas():
            area = dict(area, slug=area.get("slug") or slugify(area["name"]))
            area["region"] = region["slug"]
            self.areas[area["slug"]] = area
            self.areas_by_region[region["slug"]][area["slug"]] = area["weight"]
        self.area_weights = {slug: area["weight"] for slug, area in self.areas.items()}

        self.services_by_kind = {kind: [] for kind in self.kinds}
        for service in data.taxonomy["services"]:
            for kind in service["kinds"]:
                self.services_by_kind[kind].append(service)
        self.conditions_by_kind = {kind: [] for kind in self.kinds}
        for condition in data.taxonomy["conditions"]:
            for kind, share in condition["kinds"].items():
                self.conditions_by_kind[kind].append((condition["slug"], share))
        self.language_names = {lang["code"]: lang["name"] for lang in data.taxonomy["languages"]}
        self.common_language = self.market["people"]["common_language"]

        patterns = self.content["hours_patterns"]["patterns"]
        self.patterns = {}
        for pattern in patterns:
            intervals = [
                (weekday, parse_time(opens), parse_time(closes))
                for days, day_intervals in pattern["days"].items()
                for weekday in parse_days(days)
                for opens, closes in day_intervals
            ]
            self.patterns[pattern["name"]] = (pattern, sorted(intervals))
        self.used_names = set()
        self.used_slugs = set()

    # -- one provider ----------------------------------------------------------------------

    def identity(self, i):
        """
        Provider i's kind, home area, name and slug: the cheap part, enough to tell whether
        it exists already. Identities must be asked for in order (0, 1, 2, …) because a name
        taken by an earlier provider changes a later one's slug.
        """
        rng = random.Random(f"{SEED}:{self.market_key}:{i}")
        # The first kinds × regions providers cover every kind in every region, so that even
        # a small demo set has, say, an acupuncturist in the West.
        guaranteed = i < len(self.kinds) * len(self.regions)
        if guaranteed:
            kind = self.kinds[i % len(self.kinds)]
            region = self.regions[(i // len(self.kinds)) % len(self.regions)]
            area = self.areas[weighted(rng, self.areas_by_region[region])]
        else:
            kind = weighted(rng, self.kind_weights)
            area = self.areas[weighted(rng, self.area_weights)]
        name, slug = self._name(rng, kind, area)
        return Identity(i, rng, kind, area, name, slug, guaranteed)

    def plan(self, identity):
        """Everything else about a provider, drawn from the rest of its identity's stream."""
        i, rng, kind, area, name, slug, guaranteed = identity
        provider = Provider(
            name=name,
            slug=slug,
            kind=kind,
            home_visits=rng.random() < self.content["home_visit_share_by_kind"].get(kind, 0),
            wheelchair_accessible=rng.random() < self.content["wheelchair_share"],
            is_published=guaranteed or rng.random() < self.content["published_share"],
        )
        if rng.random() < self.content["accessibility_note_share"]:
            provider.accessibility_notes = rng.choice(self.content["accessibility_notes"])
        if rng.random() < self.content["website_share"]:
            provider.website = f"https://{slug}.{self.market['web_domain']}/"
        provider.email = f"hello@{slug}.{self.market['web_domain']}"
        # Most clinics confirmed their details in the last months, a few over a year ago. A
        # generator of its own, so that the rest of the demo stays as it was.
        confirmed = random.Random(f"confirmed {slug}")
        if confirmed.random() < 0.8:
            provider.confirmed_at = self.now - datetime.timedelta(days=confirmed.randint(1, 420))
            provider.confirmed_as = ConfirmedAs.CLINIC
        plan = ProviderPlan(provider=provider)

        # The first provider of a kind may be given a pattern so that it always shows up.
        forced = None
        if i < len(self.kinds):
            forced = self.content.get("guaranteed_patterns", {}).get(kind)
        plan.locations = self._locations(rng, kind, area, forced)
        provider.phone = plan.locations[0][0].phone

        services = self._services(rng, kind)
        plan.offers = [offer for offer, _ in services]
        plan.condition_ids = self._conditions(rng, kind)
        plan.practitioners = self._practitioners(rng, kind)
        codes = {self.common_language}
        for practitioner in plan.practitioners:
            codes.update(practitioner.language_codes)
        plan.language_ids = sorted(self.ids.languages[code] for code in codes)
        for practitioner in plan.practitioners:
            practitioner.language_ids = [self.ids.languages[c] for c in practitioner.language_codes]
        plan.credentials = self._credentials(rng, kind, "provider")

        provider.description = self._description(rng, kind, area, services, codes, provider)
        # Its ✓ badge follows from the credentials when the listing is rebuilt (providers.derived).
        return plan

    def _name(self, rng, kind, area):
        first = rng.choice(self.content["name_first"])
        second = rng.choice([w for w in self.content["name_second"] if w != first])
        name = f"{first} {second} {rng.choice(self.content['name_suffixes'][kind])}"
        if name in self.used_names:
            name = f"{name} {area['name']}"
        self.used_names.add(name)
        base = slug = slugify(name)[:200]
        n = 2
        while slug in self.used_slugs:
            slug = f"{base}-{n}"
            n += 1
        self.used_slugs.add(slug)
        return name, slug

    def _locations(self, rng, kind, area, forced_pattern):
        count = int(weighted(rng, self.content["branch_count_weights"]))
        branch_areas = [area]
        while len(branch_areas) < count:
            # Most chains stay in their home region.
            same_region = rng.random() < 0.6
            pool = self.areas_by_region[area["region"]] if same_region else self.area_weights
            candidate = self.areas[weighted(rng, pool)]
            if candidate not in branch_areas:
                branch_areas.append(candidate)
            elif len(pool) <= len(branch_areas):
                break
        pattern = forced_pattern or self._pattern(rng, kind)
        locations = []
        for n, branch_area in enumerate(branch_areas):
            if n and rng.random() < 0.3:
                pattern = self._pattern(rng, kind)
            location = self._location(rng, branch_area)
            # (weekday, opens, closes) triples; made into rows when the branch has an id.
            locations.append((location, self.patterns[pattern][1]))
        return locations

    def _pattern(self, rng, kind):
        options = {
            name: pattern["weight"]
            for name, (pattern, _) in self.patterns.items()
            if kind in pattern.get("kinds", [kind])
        }
        return weighted(rng, options)

    def _location(self, rng, area):
        market = self.market
        hdb, streets = area.get("hdb_streets") or [], area.get("streets") or []
        style = "hdb" if hdb and (not streets or rng.random() < 0.75) else "street"
        if style == "hdb":
            street = rng.choice(hdb)
            number = rng.randint(*market["hdb_block_range"])
            floor = 1 if rng.random() < 0.8 else 2
        else:
            street = rng.choice(streets)
            number = rng.randint(*market["street_number_range"])
            floor = 1 if rng.random() < 0.35 else rng.randint(2, 15)
        address = market["address_formats"][style].format(
            number=number, street=street, floor=floor, unit=rng.randint(1, 120)
        )
        postal_code = market["postal_code_formats"][style].format(
            sector=rng.choice(area["sectors"]), number=number, suffix=rng.randint(0, 9999)
        )
        # A point spread evenly over a disc around the area's centre.
        radius = market.get("branch_jitter_km", 0.7) * math.sqrt(rng.random())
        angle = rng.random() * 2 * math.pi
        lat = area["lat"] + radius * math.cos(angle) / KM_PER_DEGREE
        lng = area["lng"] + radius * math.sin(angle) / (
            KM_PER_DEGREE * math.cos(math.radians(area["lat"]))
        )
        return Location(
            name=area["name"],
            address=address,
            postal_code=postal_code,
            area_id=self.ids.areas[area["slug"]],
            latitude=round(lat, 6),
            longitude=round(lng, 6),
            phone=self._phone(rng),
        )

    def _phone(self, rng):
        formats = {f["pattern"]: f["weight"] for f in self.market["phone_formats"]}
        return fill_pattern(rng, weighted(rng, formats))

    def _services(self, rng, kind):
        offered = self.services_by_kind[kind]
        chosen = [s for s in offered if rng.random() < s["kinds"][kind]]
        # Everyone offers at least two things: top up with the kind's most typical services.
        for service in sorted(offered, key=lambda s: -s["kinds"][kind]):
            if len(chosen) >= 2:
                break
            if service not in chosen:
                chosen.append(service)
        prices = self.market["prices"]
        level = rng.random()  # where this provider sits between budget and premium
        result = []
        for service in chosen:
            low, high = prices["by_service"].get(service["slug"]) or prices["by_kind"][kind]
            durations = service["durations"]
            duration = rng.choice(durations)
            price = low + (high - low) * (0.7 * level + 0.3 * rng.random())
            price *= 1 + 0.6 * (duration / durations[0] - 1)  # longer sessions cost more
            step = prices["round_to"]
            price = min(high, max(low, step * round(price / step)))
            offer = ProviderService(
                service_id=self.ids.services[service["slug"]],
                price=None if rng.random() < prices["on_request_share"] else Decimal(price),
                duration_minutes=duration,
            )
            result.append((offer, service))
        return result

    def _conditions(self, rng, kind):
        options = self.conditions_by_kind[kind]
        chosen = [slug for slug, share in options if rng.random() < share]
        for slug, _ in sorted(options, key=lambda option: -option[1]):
            if len(chosen) >= 2:
                break
            if slug not in chosen:
                chosen.append(slug)
        return [self.ids.conditions[slug] for slug in chosen]

    def _practitioners(self, rng, kind):
        people = self.market["people"]
        profiles = people["profile_weights_by_kind"].get(kind) or people["profile_weights"]
        count = int(weighted(rng, self.content["practitioner_count_weights"]))
        given_names = set()
        result = []
        for _ in range(count):
            profile_name = weighted(rng, profiles)
            profile = people["profiles"][profile_name]
            gender = self._gender(rng, kind)
            # Colleagues rarely share a first name; try a few times to keep them apart.
            for _attempt in range(8):
                given, name = self._person_name(rng, profile, gender, kind)
                if given not in given_names:
                    break
            given_names.add(given)
            codes = [code for code, share in profile["languages"].items() if rng.random() < share]
            if rng.random() < people["common_language_share"] or not codes:
                codes.insert(0, self.common_language)
            low, high = self.content["years_of_practice_range"]
            years = rng.randint(low, high)
            practitioner = Practitioner(
                name=name,
                gender=gender,
                years_of_practice=years,
                training=self._training(rng, kind, years),
                approach=rng.choice(self.content["approaches"][kind]),
            )
            result.append(
                PractitionerPlan(
                    practitioner=practitioner,
                    language_codes=codes,
                    credentials=self._credentials(rng, kind, "practitioner"),
                )
            )
        return result

    def _gender(self, rng, kind):
        roll = rng.random()
        for gender, share in self.content["gender_other_shares"].items():
            if roll < share:
                return gender
            roll -= share
        female = self.market["people"]["female_share_by_kind"].get(kind, 0.5)
        return "female" if rng.random() < female else "male"

    def _person_name(self, rng, profile, gender, kind):
        pool = profile.get(gender) or profile[rng.choice(["female", "male"])]
        given, surname = rng.choice(pool), rng.choice(profile["surnames"])
        name = f"{surname} {given}" if profile["order"] == "surname_first" else f"{given} {surname}"
        title = self.market["people"]["title_by_kind"].get(kind)
        return given, f"{title} {name}" if title else name

    def _training(self, rng, kind, years):
        training = self.market["training"][kind]
        start = self.today.year - years
        lines = [rng.choice(training["main"]).format(year=start)]
        if years > 1 and rng.random() < self.content["further_training_share"]:
            later = rng.randint(start + 1, self.today.year - 1)
            lines.append(rng.choice(training["further"]).format(year=later))
        return "\n".join(lines)

    def _credentials(self, rng, kind, scope):
        statuses = self.content["credential_status_weights"]
        result = []
        for template in self.market["credentials"][kind]:
            if template["scope"] != scope or rng.random() >= template["share"]:
                continue
            status = weighted(rng, statuses)
            years = template["valid_years"]
            credential = Credential(
                kind=template["kind"],
                issuing_body=template["issuing_body"],
                number=fill_pattern(rng, template["number"]),
            )
            if years is None and status == "expired":
                status = "awaiting"  # a credential without an end date cannot lapse
            if status == "expired":
                credential.valid_until = self.today - datetime.timedelta(days=rng.randint(1, 500))
                if rng.random() < 0.5:  # checked once, then lapsed
                    credential.is_verified = True
                    credential.verified_at = self.now - datetime.timedelta(
                        days=(self.today - credential.valid_until).days + rng.randint(30, 300)
                    )
            else:
                if years is not None:
                    credential.valid_until = self.today + datetime.timedelta(
                        days=rng.randint(20, 365 * years)
                    )
                if status == "verified":
                    credential.is_verified = True
                    credential.verified_at = self.now - datetime.timedelta(
                        days=rng.randint(1, 400), minutes=rng.randint(0, 1440)
                    )
            result.append(credential)
        return result

    def _description(self, rng, kind, area, services, codes, provider):
        copy = self.content["descriptions"]
        phrases = [s.get("phrase") or _lower_first(s["name"]) for _, s in services]
        sentences = [
            rng.choice(copy[kind]["opening"]).format(area=area["name"]),
            rng.choice(copy[kind]["focus"]).format(services=human_list(phrases[:3])),
        ]
        closing = copy["closing"]
        common = self.common_language
        names = [
            self.language_names[code]
            for code in sorted(codes, key=lambda c: (c != common, self.language_names[c]))
        ]
        sentences.append(closing["languages"].format(languages=human_list(names)))
        if provider.home_visits:
            sentences.append(closing["home_visits"])
        if provider.wheelchair_accessible:
            sentences.append(closing["wheelchair"])
        return " ".join(sentences)


def _lower_first(text):
    return text[:1].lower() + text[1:]
