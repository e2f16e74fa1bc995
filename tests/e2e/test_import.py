"""
A clinic's owner downloads the import template's columns, uploads a file of a new branch and
its hours, checks it, applies it, and sees the branch on the profile; a large file's page follows
its progress and shows the outcome when the task queue is done. axe-core finds nothing on the
import pages.
"""

import pytest
import tablib
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.urls import reverse
from playwright.sync_api import expect

from clinics import imports
from clinics.models import ImportJob
from demo import accounts
from providers.models import Area
from tests.e2e.test_report import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def test_an_owner_imports_a_branch_from_a_file(site, page, tmp_path):
    clinic = accounts.clinics().first()
    area = Area.objects.filter(parent__isnull=False).first()
    data = tablib.Dataset(headers=imports.COLUMNS)
    for row in (
        {
            "record": "branch",
            "id": "B1",
            "name": "Imported Harbour branch",
            "address": "8 Harbour Walk",
            "postal_code": "098888",
            "area": area.slug,
        },
        {
            "record": "hours",
            "id": "H1",
            "branch": "B1",
            "weekday": "sat",
            "opens": "09:00",
            "closes": "13:00",
        },
    ):
        data.append([{"listing": clinic.slug, **row}.get(column, "") for column in imports.COLUMNS])
    upload = tmp_path / "branches.csv"
    upload.write_text(data.export("csv"))

    log_in(page, site, "demo-owner")
    page.goto(site + reverse("manage:import"))
    assert_accessible(page, "the import page")
    page.get_by_label("CSV or XLSX file").set_input_files(str(upload))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="The file is ready to apply")).to_be_visible()
    assert_accessible(page, "the checked file")
    page.get_by_role("button", name="Apply the import").click()
    expect(page.get_by_text("Imported: 2 added, 0 changed, 0 unchanged.")).to_be_visible()

    page.goto(site + clinic.get_absolute_url())
    expect(page.get_by_text("Imported Harbour branch").first).to_be_visible()


def test_a_large_files_page_follows_its_progress_until_the_outcome(site, page):
    owner = User.objects.get(username="demo-owner")
    job = ImportJob(user=owner, file_name="all-branches.csv", rows=10_000)
    job.file.save("all-branches.csv", ContentFile(b"listing,record,id\n"))
    job.record_progress(2_500)

    log_in(page, site, "demo-owner")
    page.goto(site + reverse("manage:import_job", args=[job.pk]))
    expect(page.get_by_text("2500 of 10000 rows")).to_be_visible()
    assert_accessible(page, "an import in progress")

    job.record_progress(7_000)
    expect(page.get_by_text("7000 of 10000 rows")).to_be_visible()
    assert page.locator("progress").get_attribute("value") == "7000"

    outcome = imports.Outcome(changes=[[2, "a-listing", "branch", "B1", "added"]])
    job.finish(ImportJob.State.CHECKED, outcome.as_data())
    expect(page.get_by_role("heading", name="The file is ready to apply")).to_be_visible()
