"""
Loading the demo data into the database, idempotently and fast enough for 100,000 providers.

Vocabularies (areas, services, conditions, languages) are upserted by slug: a second run
changes nothing unless the data file changed, in which case names, descriptions and
coordinates are brought up to date. Providers have deterministic slugs; any that already
exist are left alone, so a second run adds nothing and `--providers` can grow a set.

Providers go in with `bulk_create`, one chunk at a time, each chunk in its own transaction:
providers, then their branches, hours, offers, language and condition links, practitioners,
practitioner languages and credentials. No per-row `save()`, so no per-row query either;
each chunk's derived data is built once the chunk commits (providers.changes).

The market's postal sectors, its named places (stations, landmarks, neighbourhoods, short
names of areas) and the search synonyms are upserted too (`upsert_search_data`, which
`manage.py load_search_data` runs on its own for a site without demo providers).
"""

import sys
import time
from dataclasses import dataclass, field
from uuid import uuid4

from django.db import connection, reset_queries, transaction
from django.utils.text import slugify

from providers import changes
from providers.demo import data as demo_data
from providers.demo.generator import Ids, ProviderGenerator
from providers.models import (
    Area,
    Condition,
    Credential,
    Language,
    Location,
    OpeningHours,
    Place,
    PostalSector,
    Practitioner,
    Provider,
    ProviderService,
    SearchSynonym,
    Service,
)

DEFAULT_PROVIDERS = 120
DEFAULT_CHUNK = 2000
# Rows per INSERT statement (SQLite lowers it to fit its parameter limit by itself).
INSERT_BATCH = 5000
# Slugs per "which of these exist already?" query.
LOOKUP_BATCH = 500


@dataclass
class TermCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class SeedResult:
    """What a run did, for the command's summary and for tests."""

    terms: dict = field(default_factory=dict)  # vocabulary name → TermCounts
    providers_created: int = 0
    providers_skipped: int = 0
    rows: dict = field(default_factory=dict)  # table → rows inserted
    seconds: float = 0.0


def seed(
    providers=DEFAULT_PROVIDERS,
    market="singapore",
    stdout=None,
    chunk_size=DEFAULT_CHUNK,
    today=None,
    now=None,
):
    """
    Upsert the market's vocabularies and make sure providers 0..providers-1 exist.

    `today` and `now` are what credentials' validity and verification dates are counted
    from (default: the current date and time), so a test can pin them.
    """
    started = time.monotonic()
    out = stdout or sys.stdout
    dataset = demo_data.load(market)
    result = SeedResult()

    with transaction.atomic():
        ids = upsert_vocabularies(dataset, result)
        upsert_search_data(dataset, result)
    for name, counts in result.terms.items():
        out.write(f"{name}: {counts}\n")

    generator = ProviderGenerator(dataset, ids, today=today, now=now)
    for chunk, start in enumerate(range(0, providers, chunk_size)):
        stop = min(providers, start + chunk_size)
        identities = [generator.identity(i) for i in range(start, stop)]
        existing = existing_slugs([identity.slug for identity in identities])
        new = [generator.plan(ident) for ident in identities if ident.slug not in existing]
        result.providers_skipped += len(identities) - len(new)
        if new:
            with transaction.atomic():
                _relax_durability()
                # Statistics when the tables have doubled (chunks 1, 2, 4, 8, …), so that
                # refreshing the search data is planned for their size, not for empty tables.
                analyze = (chunk + 1) & chunk == 0
                insert_plans(new, result.rows, analyze=analyze)
        # With DEBUG on, Django keeps every query's SQL, megabytes each here. Leave the log
        # alone when someone is capturing queries on purpose (a test's assertNumQueries).
        if not connection.force_debug_cursor:
            reset_queries()
        result.providers_created += len(new)
        out.write(
            f"Providers {stop:,}/{providers:,}: {result.providers_created:,} new, "
            f"{result.providers_skipped:,} already there ({time.monotonic() - started:.1f} s)\n"
        )

    # Vocabularies went in in bulk, past the models' save(): cached pages and vocabulary are stale.
    changes.pages_changed()
    result.seconds = time.monotonic() - started
    if result.rows:
        inserted = ", ".join(f"{table} {count:,}" for table, count in result.rows.items())
        out.write(f"Rows inserted: {inserted}\n")
    out.write(
        f"Done in {result.seconds:.1f} s: {result.providers_created:,} providers created, "
        f"{result.providers_skipped:,} skipped.\n"
    )
    return result


# -- vocabularies -----------------------------------------------------------------------------


def upsert_vocabularies(dataset, result):
    taxonomy = dataset.taxonomy

    regions, areas = [], []
    for region in dataset.market["regions"]:
        regions.append(_place_row(region))
    result.terms["Regions"], region_objects = upsert(Area, regions, scope=("parent_id",))
    for region in dataset.market["regions"]:
        parent = region_objects[region["slug"]]
        areas += [dict(_place_row(area), parent_id=parent.pk) for area in region["areas"]]
    result.terms["Areas"], area_objects = upsert(Area, areas, scope=("parent_id",))

    services = [
        {"slug": s["slug"], "name": s["name"], "description": s["description"]}
        for s in taxonomy["services"]
    ]
    result.terms["Services"], service_objects = upsert(Service, services)
    conditions = [
        {"slug": c["slug"], "name": c["name"], "description": c["description"]}
        for c in taxonomy["conditions"]
    ]
    result.terms["Conditions"], condition_objects = upsert(Condition, conditions)
    languages = [
        {"slug": lang["slug"], "name": lang["name"], "code": lang["code"]}
        for lang in taxonomy["languages"]
    ]
    result.terms["Languages"], language_objects = upsert(Language, languages)

    return Ids(
        areas={slug: obj.pk for slug, obj in area_objects.items()},
        services={slug: obj.pk for slug, obj in service_objects.items()},
        conditions={slug: obj.pk for slug, obj in condition_objects.items()},
        languages={obj.code: obj.pk for obj in language_objects.values()},
    )


def upsert_search_data(dataset, result=None):
    """
    The market's postal sectors and named places (updated in place) and the search synonyms
    (added when missing; a moderator's own synonyms and edits are left alone). Places the
    data file does not name, such as those moderators added, are left alone too.
    """
    result = result or SeedResult()
    market = dataset.market
    sectors = market["postal_sectors"]["sectors"]
    code_length = market["postal_code_digits"]
    existing = {
        (sector.prefix, sector.code_length): sector for sector in PostalSector.objects.all()
    }
    counts, to_create, to_update = TermCounts(), [], []
    for prefix, row in sectors.items():
        values = {"label": row.get("label", ""), "latitude": row["lat"], "longitude": row["lng"]}
        sector = existing.get((prefix, code_length))
        if sector is None:
            to_create.append(PostalSector(prefix=prefix, code_length=code_length, **values))
        elif any(getattr(sector, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(sector, name, value)
            to_update.append(sector)
        else:
            counts.unchanged += 1
    PostalSector.objects.bulk_create(to_create)
    PostalSector.objects.bulk_update(to_update, ["label", "latitude", "longitude"])
    counts.created, counts.updated = len(to_create), len(to_update)
    result.terms["Postal sectors"] = counts
    result.terms["Places"] = upsert_places(demo_data.places(dataset))

    have = set(SearchSynonym.objects.values_list("term", "expands_to"))
    wanted = []
    for row in dataset.taxonomy.get("synonyms", {}).get("terms", []):
        term = " ".join(row["term"].lower().split())
        for expansion in row["expands_to"]:
            if (term, expansion) not in have:
                have.add((term, expansion))
                wanted.append(SearchSynonym(term=term, expands_to=expansion))
    SearchSynonym.objects.bulk_create(wanted)
    result.terms["Search synonyms"] = TermCounts(
        created=len(wanted), unchanged=len(have) - len(wanted)
    )
    # The rows went in in bulk, past the models' save(): the cached vocabulary is stale.
    changes.pages_changed()
    return result


def upsert_places(rows):
    """
    Create or update the places of a market's data file by kind and name. A short name of an
    area that is not in the database (a site without that market's areas) is skipped.
    """
    area_ids = dict(Area.objects.values_list("slug", "pk"))
    existing = {(place.kind, place.name): place for place in Place.objects.all()}
    counts, to_create, to_update = TermCounts(), [], []
    fields = ["other_names", "area_id", "latitude", "longitude"]
    for row in rows:
        area_id = area_ids.get(row["area"]) if row["area"] else None
        if row["lat"] is None and area_id is None:
            continue
        values = {
            "other_names": ", ".join(row["other_names"]),
            "area_id": area_id,
            "latitude": row["lat"],
            "longitude": row["lng"],
        }
        place = existing.get((row["kind"], row["name"]))
        if place is None:
            to_create.append(Place(kind=row["kind"], name=row["name"], **values))
        elif any(getattr(place, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(place, name, value)
            to_update.append(place)
        else:
            counts.unchanged += 1
    Place.objects.bulk_create(to_create)
    Place.objects.bulk_update(to_update, fields)
    counts.created, counts.updated = len(to_create), len(to_update)
    return counts


def _place_row(place):
    return {
        "slug": place.get("slug") or slugify(place["name"]),
        "name": place["name"],
        "description": place.get("description", ""),
        "latitude": place["lat"],
        "longitude": place["lng"],
        "parent_id": None,
    }


def upsert(model, rows, scope=()):
    """
    Create or update terms by slug; return (TermCounts, {slug: object}).

    A term whose slug is new but whose name is taken (within `scope`, for names unique only
    inside a parent) is adopted and given the data file's slug, rather than failing on the
    name's unique constraint.
    """
    counts = TermCounts()
    slugs = [row["slug"] for row in rows]
    by_slug = {obj.slug: obj for obj in model.objects.filter(slug__in=slugs)}
    missing = [row for row in rows if row["slug"] not in by_slug]
    if missing:
        by_name = {
            (obj.name, *(getattr(obj, f) for f in scope)): obj
            for obj in model.objects.filter(name__in=[row["name"] for row in missing]).exclude(
                slug__in=slugs
            )
        }
        for row in missing:
            obj = by_name.get((row["name"], *(row[f] for f in scope)))
            if obj is not None:
                by_slug[row["slug"]] = obj

    to_create, to_update, changed = [], [], set()
    for row in rows:
        obj = by_slug.get(row["slug"])
        if obj is None:
            to_create.append(model(**row))
            continue
        dirty = [name for name, value in row.items() if getattr(obj, name) != value]
        if dirty:
            for name in dirty:
                setattr(obj, name, row[name])
            to_update.append(obj)
            changed.update(dirty)
        else:
            counts.unchanged += 1
    if to_update:
        model.objects.bulk_update(to_update, sorted(changed))
    if to_create:
        model.objects.bulk_create(to_create)
    counts.created, counts.updated = len(to_create), len(to_update)
    return counts, {obj.slug: obj for obj in model.objects.filter(slug__in=slugs)}


# -- providers --------------------------------------------------------------------------------


def _relax_durability():
    """
    Let PostgreSQL commit without waiting for the disk flush, for this transaction only.
    A crash could lose the last few chunks (never corrupt them), which a re-run restores.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _analyze(rows):
    """
    Gather planner statistics for the tables rows went into. Autovacuum would, in time (and
    not at all where it is turned off); the search data of the next rows is built now.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in rows:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _rows(model, names, rows):
    """
    Unsaved instances from tuples of values for the fields `names`, which must be all of the
    model's fields but the primary key, in order. Positional arguments skip Model.__init__'s
    keyword handling, most of the cost of building hundreds of thousands of small rows.
    """
    fields = [f.attname for f in model._meta.concrete_fields if not f.primary_key]
    if list(names) != fields:
        raise RuntimeError(f"{model.__name__} now has fields {fields}; update the seed.")
    return [model(None, *row) for row in rows]


def existing_slugs(slugs):
    found = set()
    for start in range(0, len(slugs), LOOKUP_BATCH):
        batch = slugs[start : start + LOOKUP_BATCH]
        found.update(Provider.objects.filter(slug__in=batch).values_list("slug", flat=True))
    return found


def _create(model, objects, rows):
    if objects:
        model.objects.bulk_create(objects, batch_size=INSERT_BATCH)
        rows[model._meta.db_table] = rows.get(model._meta.db_table, 0) + len(objects)
    return objects


def _fill_missing_pks(model, objects, owner_ids):
    """
    On databases that cannot return ids from a bulk insert, read them back: the rows of
    brand-new providers are exactly the ones just inserted, in insertion order.
    """
    if not objects or objects[0].pk is not None:
        return
    pks = list(
        model.objects.filter(provider_id__in=owner_ids).order_by("pk").values_list("pk", flat=True)
    )
    for obj, pk in zip(objects, pks, strict=True):
        obj.pk = pk


def insert_plans(plans, rows, analyze=False):
    providers = _create(Provider, [plan.provider for plan in plans], rows)
    if providers[0].pk is None:
        pks = dict(
            Provider.objects.filter(slug__in=[p.slug for p in providers]).values_list("slug", "pk")
        )
        for provider in providers:
            provider.pk = pks[provider.slug]
    provider_ids = [provider.pk for provider in providers]

    locations = []
    for plan in plans:
        for location, _hours in plan.locations:
            location.provider_id = plan.provider.pk
            locations.append(location)
    _create(Location, locations, rows)
    _fill_missing_pks(Location, locations, provider_ids)

    hours = _rows(
        OpeningHours,
        ("location_id", "uuid", "weekday", "opens", "closes"),
        (
            (location.pk, uuid4(), weekday, opens, closes)
            for plan in plans
            for location, intervals in plan.locations
            for weekday, opens, closes in intervals
        ),
    )
    _create(OpeningHours, hours, rows)

    offers = []
    for plan in plans:
        for offer in plan.offers:
            offer.provider_id = plan.provider.pk
            offers.append(offer)
    _create(ProviderService, offers, rows)

    provider_languages = Provider.languages.through
    _create(
        provider_languages,
        _rows(
            provider_languages,
            ("provider_id", "language_id"),
            (
                (plan.provider.pk, language_id)
                for plan in plans
                for language_id in plan.language_ids
            ),
        ),
        rows,
    )
    provider_conditions = Provider.conditions.through
    _create(
        provider_conditions,
        _rows(
            provider_conditions,
            ("provider_id", "condition_id"),
            (
                (plan.provider.pk, condition_id)
                for plan in plans
                for condition_id in plan.condition_ids
            ),
        ),
        rows,
    )

    practitioner_plans = []
    for plan in plans:
        for practitioner_plan in plan.practitioners:
            practitioner_plan.practitioner.provider_id = plan.provider.pk
            practitioner_plans.append(practitioner_plan)
    practitioners = [p.practitioner for p in practitioner_plans]
    _create(Practitioner, practitioners, rows)
    _fill_missing_pks(Practitioner, practitioners, provider_ids)

    practitioner_languages = Practitioner.languages.through
    _create(
        practitioner_languages,
        _rows(
            practitioner_languages,
            ("practitioner_id", "language_id"),
            (
                (p.practitioner.pk, language_id)
                for p in practitioner_plans
                for language_id in p.language_ids
            ),
        ),
        rows,
    )

    credentials = []
    for plan in plans:
        for credential in plan.credentials:
            credential.provider_id = plan.provider.pk
            credentials.append(credential)
        for p in plan.practitioners:
            for credential in p.credentials:
                credential.provider_id = plan.provider.pk
                credential.practitioner_id = p.practitioner.pk
                credentials.append(credential)
    _create(Credential, credentials, rows)
    if analyze:
        _analyze(rows)
    changes.listings_changed(provider_ids)
