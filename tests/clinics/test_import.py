"""
Bulk import (/manage/import/): a CSV or XLSX file of branches, hours, services and
practitioners is checked first (every row's outcome and every error, nothing written), then
applied all or nothing, each by the task queue while the file's page shows how far it has got;
the file's own ids make a second import update instead of adding; staff import into their own
listings only; a branch with another listing's number waits for a moderator.
"""

import datetime

import pytest
import tablib
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from clinics import imports
from clinics.models import ImportedRecord, ImportJob
from clinics.tasks import forget_what_is_no_longer_needed
from providers.models import (
    Location,
    OpeningHours,
    PossibleDuplicate,
    Practitioner,
    ProviderService,
)
from tests.factories import AreaFactory, LocationFactory, ServiceFactory, UserFactory

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
            (2, "area", "“atlantis” is not an area's slug on this site."),
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

    checked = client.post(
        URL, {"file": as_file(rows(clinics.a.provider.slug), "xlsx")}, follow=True
    )
    assert "The file is ready to apply" in checked.content.decode()
    assert not Location.objects.filter(name="Bedok branch").exists()

    job_url = checked.redirect_chain[-1][0]
    applied = client.post(job_url, follow=True)
    assert "Imported: 4 added, 0 changed, 0 unchanged." in applied.content.decode()
    assert Location.objects.filter(provider=clinics.a.provider, name="Bedok branch").exists()
    job = ImportJob.objects.get(file_name__in=["branches.csv", "branches.xlsx"])
    assert not job.file, "an applied file is not kept"


def test_the_page_shows_errors_beside_the_rows(client, clinics, terms):
    client.force_login(clinics.alice)

    page = client.post(
        URL,
        {"file": as_file(rows(clinics.a.provider.slug, S1={"price": "cheap"}))},
        follow=True,
    )

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
    assert not ImportJob.objects.filter(file_name=name).exists()


def a_job(user, state=ImportJob.State.CHECKING, rows=10_000):
    job = ImportJob(user=user, file_name="branches.csv", rows=rows, state=state)
    job.file.save("branches.csv", ContentFile(b"listing,record,id\n"))
    return job


def test_a_file_being_checked_shows_how_far_it_has_got(client, clinics):
    job = a_job(clinics.alice)
    job.record_progress(3_200)
    client.force_login(clinics.alice)

    page = client.get(reverse("manage:import_job", args=[job.pk]))
    progress = client.get(reverse("manage:import_progress", args=[job.pk]))

    assert "3200</span> of 10000 rows" in page.content.decode()
    assert '<progress max="10000" value="3200"' in page.content.decode()
    assert progress.json() == {"state": "checking", "rows": 10_000, "done": 3_200}


def test_the_rows_are_counted_as_they_are_read(clinics, terms):
    seen = []

    imports.run(rows(clinics.a.provider.slug) * 50, clinics.alice, progress=seen.append)

    assert seen == [100, 200]


def test_another_users_import_is_not_found(client, clinics):
    job = a_job(clinics.alice, state=ImportJob.State.CHECKED)
    client.force_login(clinics.bob)

    assert client.get(reverse("manage:import_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("manage:import_progress", args=[job.pk])).status_code == 404
    assert client.post(reverse("manage:import_job", args=[job.pk])).status_code == 404


def test_a_file_is_applied_once(client, clinics, terms):
    client.force_login(clinics.alice)
    checked = client.post(URL, {"file": as_file(rows(clinics.a.provider.slug))}, follow=True)
    job_url = checked.redirect_chain[-1][0]
    client.post(job_url)

    again = client.post(job_url, follow=True)

    assert "Check the file again before applying it." in again.content.decode()
    assert Location.objects.filter(name="Bedok branch").count() == 1


def test_an_import_that_stops_on_an_error_says_so_and_writes_nothing(
    client, clinics, terms, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(imports, "run", broken)
    client.force_login(clinics.alice)

    page = client.post(URL, {"file": as_file(rows(clinics.a.provider.slug))}, follow=True)

    job = ImportJob.objects.get(file_name__in=["branches.csv", "branches.xlsx"])
    assert job.state == ImportJob.State.FAILED and not job.file
    assert "The import stopped on an error of ours" in page.content.decode()


def test_imports_are_listed_for_their_user_and_forgotten_after_a_week(client, clinics):
    kept = a_job(clinics.alice, state=ImportJob.State.CHECKED)
    old = a_job(clinics.alice, state=ImportJob.State.CHECKED)
    ImportJob.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - ImportJob.KEPT - datetime.timedelta(hours=1)
    )
    client.force_login(clinics.alice)
    assert client.get(URL).content.decode().count("branches.csv</a>") == 2

    forget_what_is_no_longer_needed()

    assert list(ImportJob.objects.filter(file_name="branches.csv")) == [kept]
    assert not default_storage.exists(old.file.name)
    client.force_login(clinics.bob)
    assert "branches.csv" not in client.get(URL).content.decode()


def test_a_branch_with_another_listings_number_waits_for_a_moderator(clinics, terms):
    LocationFactory(provider=clinics.b.provider, phone="6000 0001")

    outcome = imports.run(rows(clinics.a.provider.slug), clinics.alice, apply=True)

    assert outcome.possible_duplicates == 1
    pair = PossibleDuplicate.objects.get()
    assert (pair.listing, pair.existing) == (clinics.a.provider, clinics.b.provider)
    assert pair.found_when == "an import" and "+65 6000 0001" in pair.reason


def test_a_dry_run_records_no_duplicates(clinics, terms):
    LocationFactory(provider=clinics.b.provider, phone="+65 6000 0001")

    imports.run(rows(clinics.a.provider.slug), clinics.alice)

    assert not PossibleDuplicate.objects.exists()


def test_the_template_downloads_and_reads_back(client, clinics):
    client.force_login(clinics.alice)

    response = client.get(reverse("manage:import_template"))

    assert response["Content-Disposition"].startswith("attachment")
    found = imports.read(SimpleUploadedFile("template.csv", response.content))
    assert [row["record"] for row in found] == ["branch", "hours", "service", "practitioner"]


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(URL).status_code == 302
    assert client.get(reverse("manage:import_template")).status_code == 302
