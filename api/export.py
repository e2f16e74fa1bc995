"""
The data package at /api/hsds/export.zip: every published listing as HSDS 3.0's tabular CSV
files (one per table, as the standard's table schemas and the site's profile say) and a
Frictionless Data Package, datapackage.json, describing each with its schema, primary and
foreign keys, licence and source.

Rows come from api.records, the mapping the API answers with, so that the files and the API
say the same. The listings are read in chunks and each table is written to its own file on
disk as it goes, then zipped and saved to the default storage (MEDIA_ROOT/exports/, or the
bucket): however big the directory, only a chunk of it is in memory. Built nightly
(api.tasks), on demand (`manage.py export_hsds`), and when the URL is asked for before any
build.
"""

import csv
import datetime
import json
import logging
import tempfile
import time
import zipfile
from contextlib import ExitStack
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.utils import timezone

from api import profile, queries, records
from api import taxonomies as tx
from providers.models import Area, Condition, Language, Provider, Service

log = logging.getLogger(__name__)

FOLDER = "exports"
PREFIX = "hsds-"
DOWNLOAD_NAME = "hsds-export.zip"
# Providers read at a time: what is in memory at once, with their branches, hours and offers.
CHUNK_SIZE = 200
# Built files kept besides the newest, so that a download that started on one still ends.
KEEP = 1

LICENSE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}

# Which list of a record holds rows of which table (api.records' keys).
CHILD_TABLES = {
    "locations": "location",
    "phones": "phone",
    "addresses": "address",
    "schedules": "schedule",
    "service_at_locations": "service_at_location",
    "languages": "language",
    "cost_options": "cost_option",
    "attributes": "attribute",
}

FIELD_TYPES = {"string": "string", "number": "number", "integer": "integer", "boolean": "boolean"}
STRING_FORMATS = {"uuid", "uri", "email"}


# -- the package's description --------------------------------------------------------------


def is_column(item):
    """A property that is a column of its table: not a list or an object of other tables."""
    return isinstance(item, dict) and item.get("type") in FIELD_TYPES


def table_schema(name, schema, tables):
    """A Frictionless Table Schema from an HSDS object schema (profile.schemas())."""
    required = {*schema.get("required", ()), *schema.get("tabular_required", ())}
    fields = []
    for column, item in schema["properties"].items():
        if not is_column(item):
            continue
        field = {"name": column, "type": FIELD_TYPES[item["type"]]}
        if item["type"] == "string" and item.get("format") == "date-time":
            field["type"] = "datetime"
        elif item.get("format") in STRING_FORMATS:
            field["format"] = item["format"]
        field["title"] = item.get("title", column)
        field["description"] = item.get("description", "")
        constraints = {}
        if column in required:
            constraints["required"] = True
        if item.get("constraints", {}).get("unique"):
            constraints["unique"] = True
        for rule in ("enum", "pattern"):
            if rule in item:
                constraints[rule] = item[rule]
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    foreign_keys = []
    for field in fields:
        column = field["name"]
        target = name if column == "parent_id" else column.removesuffix("_id")
        if column.endswith("_id") and target in tables and column != "link_id":
            # An empty resource name is the table itself (a term's parent term).
            resource = "" if target == name else target
            foreign_keys.append(
                {"fields": column, "reference": {"resource": resource, "fields": "id"}}
            )
    found = {"fields": fields, "primaryKey": ["id"], "missingValues": [""]}
    if foreign_keys:
        found["foreignKeys"] = foreign_keys
    return found


def descriptor(schemas, created):
    """datapackage.json: the package, its licence and source, and each table."""
    resources = []
    for name, schema in schemas.items():
        resources.append(
            {
                "name": name,
                "path": schema["path"],
                "title": name.replace("_", " ").capitalize(),
                "description": schema.get("description", ""),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(name, schema, schemas),
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "back-pain-care-directory-hsds",
        "title": f"{settings.SITE_NAME}: published listings (HSDS 3.0)",
        "description": "Every published listing of the directory in Open Referral's Human "
        f"Services Data Specification {profile.BASE_VERSION}, with the site's profile "
        f"(version {profile.VERSION}): {settings.SITE_URL}/api/hsds/profile",
        "version": created.strftime("%Y.%m.%d.%H%M%S"),
        "created": created.isoformat(timespec="seconds"),
        "homepage": f"{settings.SITE_URL}/api/hsds/",
        "licenses": [LICENSE],
        "sources": [{"title": settings.SITE_NAME, "path": f"{settings.SITE_URL}/"}],
        "resources": resources,
    }


# -- the rows -------------------------------------------------------------------------------


def _absolute(path):
    return f"{settings.SITE_URL}{path}"


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class Tables:
    """One CSV writer per table, each to its own file in `folder`, closed with `files`."""

    def __init__(self, folder, schemas, files):
        self.writers, self.counts = {}, {}
        for name, schema in schemas.items():
            columns = [column for column, item in schema["properties"].items() if is_column(item)]
            path = Path(folder) / schema["path"]
            file = files.enter_context(path.open("w", encoding="utf-8", newline=""))
            self.writers[name] = csv.DictWriter(file, columns, extrasaction="ignore")
            self.writers[name].writeheader()
            self.counts[name] = 0

    def write(self, name, record):
        self.writers[name].writerow({key: _cell(value) for key, value in record.items()})
        self.counts[name] += 1

    def write_record(self, name, record):
        """A record and, into their own tables, the rows it holds (its phones, …)."""
        self.write(name, record)
        for key, table in CHILD_TABLES.items():
            for child in record.get(key, ()):
                self.write_record(table, child)


def listings():
    """Published providers with everything their records show, read a chunk at a time."""
    # Each offer is written as a whole service record, which reads its provider's branches,
    # languages and conditions: prefetched once, on the provider.
    providers = queries.with_whole_organizations(Provider.objects.listed()).prefetch_related(
        *queries.providers_terms()
    )
    return providers.order_by("pk").iterator(chunk_size=CHUNK_SIZE)


def write_rows(tables, sectors):
    for taxonomy in tx.TAXONOMIES.values():
        tables.write("taxonomy", taxonomy.as_hsds())
    for term in every_term():
        tables.write("taxonomy_term", term)
    for body in profile.market_regulators():
        tables.write("regulator", body)
    for provider in listings():
        shared = records.Shared(sectors)
        organization = records.organization_full(provider, _absolute, shared)
        organization.pop("services", None)
        tables.write_record("organization", organization)
        for offer in provider.offers.all():
            service = records.service_full(offer, _absolute, shared)
            # Its branches are the organization's, written above.
            for pair in service.get("service_at_locations", ()):
                pair.pop("location", None)
            tables.write_record("service", service)


def every_term():
    """Every term of every taxonomy, as /taxonomy_terms lists them."""
    yield from (tx.term(tx.SERVICES, s.slug, s.name, s.description) for s in Service.objects.all())
    yield from (
        tx.term(tx.CONDITIONS, c.slug, c.name, c.description) for c in Condition.objects.all()
    )
    yield from (
        tx.term(tx.LANGUAGES, item.slug, item.name, item.description, code=item.code)
        for item in Language.objects.all()
    )
    yield from (
        tx.term(tx.AREAS, a.slug, a.name, a.description, a.parent.slug if a.parent else "")
        for a in Area.objects.select_related("parent")
    )
    yield from tx.kind_terms()


# -- building and finding -------------------------------------------------------------------


def build():
    """Write a new data package to storage; returns its storage name. Older ones are removed."""
    started = time.monotonic()
    created = timezone.now()
    sectors = profile.PostalSectors.load()
    schemas = profile.schemas(sectors)
    with tempfile.TemporaryDirectory(prefix="hsds-export-") as folder:
        with ExitStack() as files:
            tables = Tables(folder, schemas, files)
            write_rows(tables, sectors)
        package = descriptor(schemas, created)
        archive = Path(folder) / DOWNLOAD_NAME
        with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
            zipped.writestr("datapackage.json", json.dumps(package, indent=2, ensure_ascii=False))
            for schema in schemas.values():
                zipped.write(Path(folder) / schema["path"], schema["path"])
        # Names sort by when they were built (to the microsecond: builds may follow closely).
        stamp = created.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
        name = f"{FOLDER}/{PREFIX}{stamp}.zip"
        with open(archive, "rb") as file:
            name = default_storage.save(name, File(file))
    remove_old(keep=name)
    log.info(
        "Built %s: %s rows in %.1f s",
        name,
        sum(tables.counts.values()),
        time.monotonic() - started,
    )
    return name


def built():
    """The storage names of the built packages, oldest first (their names sort by time)."""
    try:
        _, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return []
    return sorted(
        f"{FOLDER}/{file}" for file in files if file.startswith(PREFIX) and file.endswith(".zip")
    )


def latest():
    found = built()
    return found[-1] if found else None


def built_at(name):
    """When the package `name` was built, from its name (build() writes the moment in it)."""
    stamp = name.removeprefix(f"{FOLDER}/{PREFIX}")[: len("YYYYmmddTHHMMSSffffffZ")]
    moment = datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ")
    return moment.replace(tzinfo=datetime.UTC)


def last_built():
    """When the package served now was built, or None before the first build."""
    name = latest()
    return built_at(name) if name else None


def remove_old(keep):
    older = [name for name in built() if name < keep]
    for name in older[: max(len(older) - KEEP, 0)]:
        default_storage.delete(name)
