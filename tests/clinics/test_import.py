"""
Bulk import (/manage/import/): a CSV or XLSX file of branches, hours, services and
practitioners is checked first (every row's outcome and every error, nothing written), then
applied all or nothing; the file's own ids make a second import update instead of adding; staff
import into their own listings only.
"""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clinics import imports
from clinics.models import ImportedRecord
from providers.models import (
    Location,
    OpeningHours,
    Practitioner,
    ProviderService,
)
from tests.factories import AreaFactory, ServiceFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/manage/import/"


@pytest.fixture
def terms(db):
    region = AreaFactory(name="East", slug="east", parent=None)
    return {
        "area": AreaFactory(name="Bedok", slug="bedok", parent=region),
        "service": ServiceFactory(name="Dry needling", slug="dry-needling"),
    }


def rows(slug, **changes):
    """A file's rows for listing `slug`: a branch, its Monday hours, a service, a practitioner."""
    found = [
        {
            "record": "branch",
            "id": "B1",
            "name": "Bedok branch",
            "address": "1 Bedok Road",
            "postal_code": "460001",
            "area": "bedok",
            "phone": "+65 6000 0001",
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
            "service": "dry-needling",
            "price": "90",
            "duration_minutes": "45",
        },
        {
            "record": "practitioner",
            "id": "P1",
            "name": "Dr Lim",
            "gender": "female",
            "years_of_practice": "12",
            "training": "NUS",
        },
    ]
    for row in found:
        row["listing"] = slug
        row.update(changes.get(row["id"], {}))
    return [{column: row.get(column, "") for column in imports.COLUMNS} for row in found]


def as_file(found, kind="csv"):
    data = tablib.Dataset(headers=imports.COLUMNS)
    for row in found:
        data.append([row[column] for column in imports.COLUMNS])
    if kind == "xlsx":
        return SimpleUploadedFile("branches.xlsx", data.export("xlsx"))
    return SimpleUploadedFile("branches.csv", data.export("csv").encode())


def what(outcome):
    return [(row, record, key, action) for row, _slug, record, key, action in outcome.changes]


def test_a_dry_run_lists_every_rows_change_and_writes_nothing(clinics, terms):
    outcome = imports.run(rows(clinics.a.provider.slug), clinics.alice)

    assert outcome.errors == [] and not outcome.applied
    assert what(outcome) == [
        (2, "branch", "B1", "added"),
        (3, "hours", "H1", "added"),
        (4, "service", "S1", "added"),
        (5, "practitioner", "P1", "added"),
    ]
    assert not Location.objects.filter(name="Bedok branch").exists()
    assert not ImportedRecord.objects.exists()


def test_applying_writes_everything(clinics, terms):
    provider = clinics.a.provider

    outcome = imports.run(rows(provider.slug), clinics.alice, apply=True)

    assert outcome.applied
    branch = Location.objects.get(provider=provider, name="Bedok branch")
    assert (branch.area, branch.postal_code) == (terms["area"], "460001")
    hours = OpeningHours.objects.get(location=branch)
    assert (hours.weekday, str(hours.opens), str(hours.closes)) == (0, "09:00:00", "18:00:00")
    offer = ProviderService.objects.get(provider=provider, service=terms["service"])
    assert (offer.price, offer.duration_minutes) == (90, 45)
    assert Practitioner.objects.get(provider=provider, name="Dr Lim").years_of_practice == 12


def test_importing_the_same_file_again_adds_nothing_and_updates_by_the_files_ids(clinics, terms):
    slug = clinics.a.provider.slug
    imports.run(rows(slug), clinics.alice, apply=True)
    counts = (Location.objects.count(), OpeningHours.objects.count(), Practitioner.objects.count())

    again = imports.run(rows(slug), clinics.alice, apply=True)
    assert {action for *_, action in again.changes} == {"unchanged"}

    changed = imports.run(
        rows(slug, S1={"price": "95"}, H1={"closes": "20:00"}), clinics.alice, apply=True
    )
    assert [
        (key, action) for _r, _s, _k, key, action in changed.changes if action != "unchanged"
    ] == [
        ("H1", "changed"),
        ("S1", "changed"),
    ]
    assert (
        Location.objects.count(),
        OpeningHours.objects.count(),
        Practitioner.objects.count(),
    ) == counts
    assert ProviderService.objects.get(service=terms["service"]).price == 95


def test_one_bad_row_writes_nothing_and_names_the_row_and_column(clinics, terms):
    found = rows(clinics.a.provider.slug, P1={"gender": "unknown"}, S1={"price": "cheap"})

    outcome = imports.run(found, clinics.alice, apply=True)

    assert not outcome.applied
    assert (4, "price", "Enter a number.") in outcome.errors
    assert [(row, column) for row, column, _ in outcome.errors] == [(4, "price"), (5, "gender")]
    assert not Location.objects.filter(name="Bedok branch").exists()
    assert not ImportedRecord.objects.exists()


def test_rows_for_another_clinic_are_refused(clinics, terms):
    outcome = imports.run(rows(clinics.b.provider.slug), clinics.alice, apply=True)

    assert {column for _, column, _ in outcome.errors} == {"listing"}
    assert len(outcome.errors) == 4
    assert not Location.objects.filter(provider=clinics.b.provider, name="Bedok branch").exists()


def test_moderators_may_import_into_any_listing(clinics, terms):
    mona = UserFactory(is_staff=True, groups=["Moderators"])

    outcome = imports.run(rows(clinics.b.provider.slug), mona, apply=True)

    assert outcome.applied and outcome.errors == []


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"H1": {"branch": "B9"}}, (3, "branch", "Name a branch given earlier in the file.")),
        (
            {"B1": {"record": "clinic"}},
            (2, "record", "Say branch, hours, service or practitioner."),
        ),
        ({"P1": {"id": ""}}, (5, "id", "Give every row an id of its own (B1, H1, …).")),
        (
            {"B1": {"area": "atlantis"}},
            (2, "area", "Select a valid choice. That choice is not one of the available choices."),
        ),
    ],
)
def test_bad_rows_say_what_is_wrong(clinics, terms, changes, error):
    outcome = imports.run(rows(clinics.a.provider.slug, **changes), clinics.alice)

    row, column, message = error
    assert any(
        (found_row, found_column) == (row, column) and found.startswith(message)
        for found_row, found_column, found in outcome.errors
    ), outcome.errors


def test_the_page_checks_then_applies_an_xlsx_file(client, clinics, terms):
    client.force_login(clinics.alice)

    checked = client.post(URL, {"file": as_file(rows(clinics.a.provider.slug), "xlsx")})
    assert "The file is ready to apply" in checked.content.decode()
    assert not Location.objects.filter(name="Bedok branch").exists()

    applied = client.post(URL, {"action": "apply"}, follow=True)
    assert "Imported: 4 added, 0 changed, 0 unchanged." in applied.content.decode()
    assert Location.objects.filter(provider=clinics.a.provider, name="Bedok branch").exists()


def test_the_page_shows_errors_beside_the_rows(client, clinics, terms):
    client.force_login(clinics.alice)

    page = client.post(URL, {"file": as_file(rows(clinics.a.provider.slug, S1={"price": "cheap"}))})

    body = page.content.decode()
    assert "1 error: nothing was written" in body and "Enter a number." in body
    assert "Apply the import" not in body


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "Upload a .csv or an .xlsx file."),
        ("empty.csv", b"name,address\nA,B\n", "The first row must name the columns"),
        ("broken.xlsx", b"not a zip", "cannot be read as a table"),
    ],
)
def test_an_unreadable_file_is_refused_without_a_500(client, clinics, name, content, message):
    client.force_login(clinics.alice)

    page = client.post(URL, {"file": SimpleUploadedFile(name, content)})

    assert page.status_code == 200 and message in page.content.decode()


def test_applying_without_a_checked_file_asks_to_check_it(client, clinics):
    client.force_login(clinics.alice)

    response = client.post(URL, {"action": "apply"}, follow=True)

    assert "Check the file again before applying it." in response.content.decode()


def test_the_template_downloads_and_reads_back(client, clinics):
    client.force_login(clinics.alice)

    response = client.get(reverse("manage:import_template"))

    assert response["Content-Disposition"].startswith("attachment")
    found = imports.read(SimpleUploadedFile("template.csv", response.content))
    assert [row["record"] for row in found] == ["branch", "hours", "service", "practitioner"]


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(URL).status_code == 302
    assert client.get(reverse("manage:import_template")).status_code == 302
