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
from dataclasses import asdict, dataclass, field

import tablib
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from clinics import access
from clinics.models import ImportedRecord
from providers import duplicates
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
WEEKDAYS = {day.name.lower()[:3]: day.value for day in Weekday}
MAX_ROWS = 20000


class TermBySlug(forms.Field):
    """A vocabulary term named by its slug, from the terms read once for the whole file."""

    def __init__(self, what, vocabulary, **kwargs):
        super().__init__(**kwargs)
        self.what, self.vocabulary = what, vocabulary
        self.terms = {}  # slug → term, given by RowForm from the file's terms

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if value not in self.terms:
            raise ValidationError(
                f"“{value}” is not {self.what}'s slug on this site.", code="invalid_choice"
            )
        return self.terms[value]


class RowForm(forms.ModelForm):
    """A row of the file, as the form of the object it becomes."""

    def __init__(self, *args, terms, **kwargs):
        super().__init__(*args, **kwargs)
        for row_field in self.fields.values():
            if isinstance(row_field, TermBySlug):
                row_field.terms = terms[row_field.vocabulary]


class BranchRow(RowForm):
    area = TermBySlug("an area", "areas")

    class Meta:
        model = Location
        fields = ["name", "address", "postal_code", "area", "phone", "latitude", "longitude"]


class HoursRow(RowForm):
    weekday = forms.TypedChoiceField(choices=[(key, key) for key in WEEKDAYS], coerce=WEEKDAYS.get)

    class Meta:
        model = OpeningHours
        fields = ["weekday", "opens", "closes"]


class ServiceRow(RowForm):
    service = TermBySlug("a service", "services")

    class Meta:
        model = ProviderService
        fields = ["service", "price", "duration_minutes"]


class PractitionerRow(RowForm):
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
    # Listings the applied rows made look like others (providers.duplicates), for moderators.
    possible_duplicates: int = 0

    def counts(self):
        found = {}
        for *_, action in self.changes:
            found[action] = found.get(action, 0) + 1
        return found

    def as_data(self):
        """As JSON keeps it (ImportJob.outcome)."""
        return asdict(self) | {"counts": self.counts()}

    @classmethod
    def from_data(cls, data):
        return cls(**{name: data[name] for name in cls.__dataclass_fields__ if name in data})


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


PROGRESS_EVERY = 100  # rows


def run(rows, user, apply=False, progress=None):
    """
    Check (and, with `apply`, write) these rows for `user`. One transaction either way.
    `progress(rows done)` is called as the rows are read, every PROGRESS_EVERY rows.
    """
    listings = {
        p.slug: p for p in _allowed_listings(user, {row.get("listing", "") for row in rows})
    }
    with transaction.atomic():
        importing = _Import(listings, apply)
        for number, row in enumerate(rows, start=2):  # row 1 holds the column names
            importing.row(number, row)
            if progress and (number - 1) % PROGRESS_EVERY == 0:
                progress(number - 1)
        outcome = importing.outcome
        if outcome.errors or not apply:
            transaction.set_rollback(True)
        else:
            importing.remember_records()
            outcome.possible_duplicates = importing.record_duplicates()
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


class _Import:
    """One run through a file's rows (run()), and what it has learnt so far."""

    def __init__(self, listings, apply):
        self.listings, self.apply = listings, apply
        self.outcome = Outcome()
        self.known = _known_records(listings.values())
        self.branches = {}  # (listing slug, file id) → Location, for hours rows
        self.records = {}  # ImportedRecords to write once every row has gone in
        self.terms = {
            "areas": {area.slug: area for area in Area.objects.filter(parent__isnull=False)},
            "services": {service.slug: service for service in Service.objects.all()},
        }
        # A service row for a service the listing offers already updates that offer.
        self.offers = {
            (offer.provider_id, offer.service.slug): offer
            for offer in ProviderService.objects.filter(
                provider__in=list(listings.values())
            ).select_related("service")
        }

    def error(self, number, column, message):
        self.outcome.errors.append((number, column, message))

    def row(self, number, row):
        slug, kind, key = row.get("listing", ""), row.get("record", "").lower(), row.get("id", "")
        provider = self.listings.get(slug)
        if provider is None:
            return self.error(number, "listing", f"“{slug}” is not a listing you manage.")
        if kind not in FORMS:
            return self.error(number, "record", "Say branch, hours, service or practitioner.")
        if not key:
            return self.error(number, "id", "Give every row an id of its own (B1, H1, …).")
        record, instance = self.known.get((provider.pk, kind, key), (None, None))
        branch = None
        if kind == "hours":
            branch = self.branches.get((slug, row.get("branch", "")))
            if branch is None:
                return self.error(number, "branch", "Name a branch given earlier in the file.")
        if instance is None:
            instance = self.new(kind, provider, branch, row)
        before = model_to_dict(instance)
        data = {name: row.get(name, "") for name in FORMS[kind].base_fields}
        form = FORMS[kind](data, instance=instance, terms=self.terms)
        if not form.is_valid():
            for column, messages in form.errors.items():
                for message in messages:
                    self.error(number, "" if column == "__all__" else column, message)
            return None
        if instance.pk is None:
            action = "added"
        elif model_to_dict(instance) != before:  # the form has put the row's values on it
            action = "changed"
        else:
            action = "unchanged"
        obj = form.save(commit=False)
        if action != "unchanged" and self.apply:
            obj.save()
        elif action != "unchanged":
            # Rolled back at the end of the check: its history would never be seen.
            obj.save_without_historical_record()
        if record is None:
            record = ImportedRecord(provider=provider, record=kind, key=key)
        self.known[(provider.pk, kind, key)] = (record, obj)
        if record.object_id != obj.pk:
            record.object_id = obj.pk
            self.records[(provider.pk, kind, key)] = record
        if kind == "branch":
            self.branches[(slug, key)] = obj
        elif kind == "service":
            self.offers[(provider.pk, obj.service.slug)] = obj
        self.outcome.changes.append((number, slug, kind, key, action))
        return None

    def new(self, kind, provider, branch, row):
        """A new object for a row; a service the listing already offers is that offer."""
        if kind == "hours":
            return OpeningHours(location=branch)
        if kind == "service":
            offered = self.offers.get((provider.pk, row.get("service", "")))
            return offered or ProviderService(provider=provider)
        return FORMS[kind]._meta.model(provider=provider)

    def remember_records(self):
        """Which object each file id became, for the next import of the file."""
        records = list(self.records.values())
        ImportedRecord.objects.bulk_create([r for r in records if r.pk is None], batch_size=1000)
        ImportedRecord.objects.bulk_update(
            [r for r in records if r.pk is not None], ["object_id"], batch_size=1000
        )

    def record_duplicates(self):
        """
        The branches added or changed may be another listing's: pairs for the moderators. Not
        among the file's own listings, which one chain or moderator keeps apart on purpose.
        """
        touched = {
            (slug, key)
            for _, slug, record, key, action in self.outcome.changes
            if record == "branch" and action != "unchanged"
        }
        by_listing = {}
        for (slug, key), branch in self.branches.items():
            if (slug, key) in touched:
                by_listing.setdefault(slug, []).append(branch)
        own = [listing.pk for listing in self.listings.values()]
        return sum(
            duplicates.record(self.listings[slug], "an import", found, ignore=own)
            for slug, found in by_listing.items()
        )


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
