"""
A visitor reports wrong opening hours from a profile on a phone; a moderator fixes it in the
admin; the visitor is emailed the outcome. The clinic's staff see the report on their own
page. axe-core finds nothing on the form, the page after sending, and the staff's page.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from corrections.models import Report, ReportStatus
from demo import accounts
from tests.e2e.test_accessibility import AXE_OPTIONS, describe

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def assert_accessible(page, name):
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{name}:\n{describe(violations)}"


def log_in(page, site, username):
    page.goto(site + reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(accounts.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()


def test_a_report_is_fixed_by_a_moderator_and_the_reporter_is_told(site, browser):
    clinic = accounts.clinics().first()
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = phone.new_page()
        page.goto(site + clinic.get_absolute_url())
        page.get_by_role("link", name="Report wrong information").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Report wrong information")
        assert_accessible(page, "the report form")
        page.get_by_label("The opening hours are wrong").check()
        page.get_by_label("Details").fill("Closed on Sundays since November.")
        page.get_by_label("Your email (optional)").fill("passer.by@example.org")
        page.get_by_role("button", name="Send the report").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your report was sent")
        assert_accessible(page, "the page after sending")
    finally:
        phone.close()
    report = Report.objects.get(provider=clinic, details__startswith="Closed on Sundays")

    # The clinic's staff see it on their page.
    staff = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = staff.new_page()
        log_in(page, site, "demo-owner")
        page.goto(site + reverse("reports:list", args=[clinic.slug]))
        expect(page.get_by_text("Closed on Sundays since November.")).to_be_visible()
        assert_accessible(page, "the staff's reports page")
    finally:
        staff.close()

    # A moderator fixes it in the admin.
    mail.outbox.clear()
    admin = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = admin.new_page()
        log_in(page, site, "demo-moderator")
        page.goto(site + reverse("admin:corrections_report_change", args=[report.pk]))
        page.get_by_label("Status").select_option("fixed")
        page.get_by_label("Note").fill("Sunday is now shown as closed.")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    finally:
        admin.close()

    report.refresh_from_db()
    assert report.status == ReportStatus.FIXED and report.email == ""
    (told,) = [message for message in mail.outbox if message.to == ["passer.by@example.org"]]
    assert "It has been corrected." in told.body
    assert "Sunday is now shown as closed." in told.body
