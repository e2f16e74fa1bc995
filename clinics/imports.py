"""
Bulk import of listings' branches, opening hours, services with prices and practitioners from
a CSV or XLSX file (read with tablib), for chains and moderators.

The file is one table, a row per record. `listing` (a listing's slug) and `record` (branch,
hours, service or practitioner) say what a row is; `id` is the file's own id for it, which
makes a second import of the same file update what the first created instead of adding it
again (ImportedRecord remembers which object each id became). Hours rows name their branch
by its id in the file.

`run()` checks every row and lists what it would do and every error (row, column, message).
Everything happens in one transaction: a dry run, or a file with any error, is rolled back and
writes nothing; applying writes all of it. Staff may import into their own listings only;
moderators (who may change any listing) into any.
"""

import io
from dataclasses import dataclass, field

import tablib
from django import forms
from django.apps import apps
from django.db import transaction
from django.forms.models import model_to_dict

from clinics import access
from clinics.models import ImportedRecord
from providers.models import (
    Area,
    Gender,
    Location,
    OpeningHours,
    Practitioner,
    Provider,
    ProviderService,
    Service,
    Weekday,
)

COLUMNS = [
    "listing",
    "record",
    "id",
    "name",
    "address",
    "postal_code",
    "area",
    "phone",
    "latitude",
    "longitude",
    "branch",
    "weekday",
    "opens",
    "closes",
    "service",
    "price",
    "duration_minutes",
    "gender",
    "years_of_practice",
    "training",
]
WEEKDAYS = {label.lower()[:3]: value for value, label in Weekday.choices}
MAX_ROWS = 20000


class BranchRow(forms.ModelForm):
    area = forms.ModelChoiceField(Area.objects.filter(parent__isnull=False), to_field_name="slug")

    class Meta:
        model = Location
        fields = ["name", "address", "postal_code", "area", "phone", "latitude", "longitude"]


class HoursRow(forms.ModelForm):
    weekday = forms.TypedChoiceField(choices=[(key, key) for key in WEEKDAYS], coerce=WEEKDAYS.get)

    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]


class ServiceRow(forms.ModelForm):
    service = forms.ModelChoiceField(Service.objects.all(), to_field_name="slug")

    class Meta:
        model = ProviderService
        fields = ["service", "price", "duration_minutes"]


class PractitionerRow(forms.ModelForm):
    gender = forms.ChoiceField(choices=[("", ""), *Gender.choices], required=False)

    class Meta:
        model = Practitioner
        fields = ["name", "gender", "years_of_practice", "training"]


FORMS = {
    "branch": BranchRow,
    "hours": HoursRow,
    "service": ServiceRow,
    "practitioner": PractitionerRow,
}


@dataclass
class Outcome:
    """What an import did, or would do: a line per row, and every error found."""

    changes: list = field(default_factory=list)  # (row, listing, record, id, "added"/…)
    errors: list = field(default_factory=list)  # (row, column, message)
    applied: bool = False

    def counts(self):
        found = {}
        for *_, action in self.changes:
            found[action] = found.get(action, 0) + 1
        return found


class Unreadable(Exception):
    pass


def read(upload):
    """The file's rows as dicts of text, by its name's extension: CSV or XLSX."""
    name = upload.name.lower()
    content = upload.read()
    try:
        if name.endswith(".xlsx"):
            data = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
        elif name.endswith(".csv"):
            data = tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")
        else:
            raise Unreadable("Upload a .csv or an .xlsx file.")
    except Unreadable:
        raise
    except Exception as error:  # noqa: BLE001 - whatever the parsers raise on a bad file
        raise Unreadable(f"This file cannot be read as a table: {error}") from error
    headers = [str(h or "").strip().lower() for h in data.headers or []]
    if "listing" not in headers or "record" not in headers or "id" not in headers:
        raise Unreadable(
            "The first row must name the columns: listing, record, id, … (see the template)."
        )
    if data.height > MAX_ROWS:
        raise Unreadable(f"At most {MAX_ROWS:,} rows at a time; this file has {data.height:,}.")
    return [{h: _text(value) for h, value in zip(headers, row, strict=False) if h} for row in data]


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def run(rows, user, apply=False):
    """Check (and, with `apply`, write) these rows for `user`. One transaction either way."""
    outcome = Outcome()
    listings = {
        p.slug: p for p in _allowed_listings(user, {row.get("listing", "") for row in rows})
    }
    with transaction.atomic():
        known = _known_records(listings.values())
        branches = {}  # (listing slug, file id) → Location, for hours rows
        for number, row in enumerate(rows, start=2):  # row 1 holds the column names
            _import_row(number, row, listings, known, branches, outcome)
        if outcome.errors or not apply:
            transaction.set_rollback(True)
        else:
            outcome.applied = True
    return outcome


def _allowed_listings(user, slugs):
    listings = Provider.objects.filter(slug__in=slugs)
    if not user.has_perm("providers.change_provider"):
        listings = listings.filter(pk__in=access.providers_for(user).values("pk"))
    return listings


def _known_records(listings):
    """{(provider id, record, file id): (ImportedRecord, its object or None if deleted)}."""
    records = list(ImportedRecord.objects.filter(provider__in=list(listings)))
    objects = {}  # record kind → {pk: object}, a query per kind, not per row
    for kind, label in ImportedRecord.TARGETS.items():
        ids = [record.object_id for record in records if record.record == kind]
        objects[kind] = apps.get_model(label).objects.in_bulk(ids) if ids else {}
    return {
        (record.provider_id, record.record, record.key): (
            record,
            objects[record.record].get(record.object_id),
        )
        for record in records
    }


def _import_row(number, row, listings, known, branches, outcome):
    slug, kind, key = row.get("listing", ""), row.get("record", "").lower(), row.get("id", "")
    provider = listings.get(slug)
    if provider is None:
        outcome.errors.append((number, "listing", f"“{slug}” is not a listing you manage."))
        return
    if kind not in FORMS:
        outcome.errors.append((number, "record", "Say branch, hours, service or practitioner."))
        return
    if not key:
        outcome.errors.append((number, "id", "Give every row an id of its own (B1, H1, …)."))
        return
    record, instance = known.get((provider.pk, kind, key), (None, None))
    branch = None
    if kind == "hours":
        branch = branches.get((slug, row.get("branch", "")))
        if branch is None:
            outcome.errors.append((number, "branch", "Name a branch given earlier in the file."))
            return
    if instance is None:
        instance = _new(kind, provider, branch, row)
    before = model_to_dict(instance)
    data = {name: row.get(name, "") for name in FORMS[kind].base_fields}
    form = FORMS[kind](data, instance=instance)
    if not form.is_valid():
        for column, messages in form.errors.items():
            for message in messages:
                outcome.errors.append((number, "" if column == "__all__" else column, message))
        return
    if instance.pk is None:
        action = "added"
    elif model_to_dict(instance) != before:  # the form has put the row's values on it
        action = "changed"
    else:
        action = "unchanged"
    obj = form.save(commit=action != "unchanged")
    if record is None:
        record = ImportedRecord(provider=provider, record=kind, key=key)
    known[(provider.pk, kind, key)] = (record, obj)
    if record.object_id != obj.pk:
        record.object_id = obj.pk
        record.save()
    if kind == "branch":
        branches[(slug, key)] = obj
    outcome.changes.append((number, slug, kind, key, action))


def _new(kind, provider, branch, row):
    """A new object for a row; a service the listing already offers is that offer."""
    if kind == "hours":
        return OpeningHours(location=branch)
    if kind == "service":
        offered = ProviderService.objects.filter(
            provider=provider, service__slug=row.get("service", "")
        ).first()
        return offered or ProviderService(provider=provider)
    return FORMS[kind]._meta.model(provider=provider)


def template():
    """The file to fill in: the columns, and one example row of each record."""
    data = tablib.Dataset(headers=COLUMNS)
    examples = [
        {
            "record": "branch",
            "id": "B1",
            "name": "Main branch",
            "address": "1 Example Road #01-01",
            "postal_code": "123456",
            "area": "the-area-slug",
            "phone": "+00 0000 0000",
        },
        {
            "record": "hours",
            "id": "H1",
            "branch": "B1",
            "weekday": "mon",
            "opens": "09:00",
            "closes": "18:00",
        },
        {
            "record": "service",
            "id": "S1",
            "service": "the-service-slug",
            "price": "80",
            "duration_minutes": "60",
        },
        {
            "record": "practitioner",
            "id": "P1",
            "name": "A. Practitioner",
            "gender": "female",
            "years_of_practice": "10",
            "training": "Where they trained",
        },
    ]
    for example in examples:
        example.setdefault("listing", "your-listing-slug")
        data.append([example.get(column, "") for column in COLUMNS])
    return data.export("csv")
