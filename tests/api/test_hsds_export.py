"""The data package: HSDS's CSV files and datapackage.json, valid, of published listings only."""

import csv
import datetime
import io
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from frictionless import validate
from huey.contrib.djhuey import HUEY

from api import export, tasks
from providers.models import PostalSector

pytestmark = pytest.mark.django_db

TABLES = {
    "organizations.csv",
    "services.csv",
    "locations.csv",
    "service_at_location.csv",
    "addresses.csv",
    "phones.csv",
    "schedules.csv",
    "cost_options.csv",
    "languages.csv",
    "taxonomies.csv",
    "taxonomy_terms.csv",
    "attributes.csv",
    "regulators.csv",
}


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    """Each test's packages in a folder of its own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


def rows(archive, name):
    with zipfile.ZipFile(archive) as zipped:
        return list(csv.DictReader(io.TextIOWrapper(zipped.open(name), encoding="utf-8")))


def test_the_package_holds_every_table_and_frictionless_finds_no_error(listings, tmp_path):
    PostalSector.objects.create(prefix="52", code_length=6, latitude=1.35, longitude=103.94)
    name = export.build()
    with zipfile.ZipFile(default_storage.open(name)) as zipped:
        assert set(zipped.namelist()) == {"datapackage.json", *TABLES}
        zipped.extractall(tmp_path / "package")

    report = validate(str(tmp_path / "package" / "datapackage.json"))

    assert report.valid, report.flatten(["title", "message"])[:5]
    assert report.stats["tasks"] == len(TABLES)


def test_the_tables_say_what_the_api_says(client, listings):
    PostalSector.objects.create(prefix="52", code_length=6, latitude=1.35, longitude=103.94)
    archive = default_storage.open(export.build())
    offer = listings.alpha.offers.get()
    record = client.get(f"/api/hsds/services/{offer.uuid}").json()

    service = next(row for row in rows(archive, "services.csv") if row["id"] == str(offer.uuid))
    assert service["name"] == record["name"] == "Acupuncture"
    assert service["organization_id"] == str(listings.alpha.uuid)
    cost = next(r for r in rows(archive, "cost_options.csv") if r["service_id"] == service["id"])
    assert cost["amount"] == "60.0" and cost["currency"] == "SGD"
    branches = {sal["location_id"] for sal in record["service_at_locations"]}
    pairs = rows(archive, "service_at_location.csv")
    assert {r["location_id"] for r in pairs if r["service_id"] == service["id"]} == branches
    addresses = {row["location_id"]: row for row in rows(archive, "addresses.csv")}
    assert {addresses[branch]["postal_sector"] for branch in branches} == {"52"}


def test_unpublished_listings_are_left_out(listings):
    archive = default_storage.open(export.build())
    organizations = {row["name"] for row in rows(archive, "organizations.csv")}
    assert organizations == {"Alpha Acupuncture", "Bravo Massage", "Charlie Physio"}
    hidden = str(listings.hidden.uuid)
    with zipfile.ZipFile(archive) as zipped:
        for name in TABLES:
            assert hidden not in zipped.read(name).decode(), name


def test_a_new_build_replaces_the_one_before_the_last(listings):
    first, second, third = export.build(), export.build(), export.build()
    assert export.built() == [second, third]
    assert export.latest() == third
    assert not default_storage.exists(first)


def test_the_url_serves_the_latest_package(client, listings):
    name = export.build()
    response = client.get("/api/hsds/export.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == 'attachment; filename="hsds-export.zip"'
    assert response["Last-Modified"]
    assert b"".join(response.streaming_content) == default_storage.open(name).read()


def test_the_first_request_builds_the_package_when_the_queue_runs_at_once(client, listings):
    assert export.latest() is None
    response = client.get("/api/hsds/export.zip")
    assert response.status_code == 200
    assert export.latest() is not None


def test_the_first_request_is_told_to_come_back_while_the_worker_builds(
    client, listings, task_queue
):
    response = client.get("/api/hsds/export.zip")
    assert [task.name for task in task_queue.pending()] == ["build_export"]
    assert response.status_code == 503
    assert response["Retry-After"] == "120"
    assert response.json()["error"] == "building"
    assert export.latest() is None


def test_the_package_is_rebuilt_every_night():
    due = HUEY.read_periodic(datetime.datetime(2026, 11, 26, 4, 11))
    assert any(isinstance(task, tasks.build_nightly_export.task_class) for task in due)


def test_the_command_builds_a_package(listings):
    out = io.StringIO()
    call_command("export_hsds", stdout=out)
    assert export.latest() in out.getvalue()
