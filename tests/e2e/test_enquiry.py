"""
A patient on a 390 px phone taps Enquire in the bar at the bottom of a clinic's profile and
sends an enquiry; the clinic's staff see it in their inbox and mark it contacted. axe-core
finds no WCAG 2.1 AA violations on the form, the page after sending, and the inbox.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from clinics.models import MembershipRole
from enquiries.models import Enquiry, ProfileViews
from tests.e2e.test_accessibility import AXE_OPTIONS, describe
from tests.e2e.test_manage import PASSWORD, log_in
from tests.factories import LocationFactory, MembershipFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def clinic(site, settings):
    # The form's "sent too soon" check, shortened: a test types faster than a person.
    settings.ENQUIRY_MIN_SECONDS = 0.2
    provider = ProviderFactory(
        name="Tanjong Spine Clinic", slug="tanjong-spine-clinic", phone="+65 6222 3333"
    )
    LocationFactory(provider=provider, name="Main branch", hours=[(1, "09:00", "18:00")])
    staff = UserFactory(username="alice-e2e", email="alice@tanjong.example")
    staff.set_password(PASSWORD)
    staff.save()
    MembershipFactory(user=staff, provider=provider, role=MembershipRole.OWNER)
    return provider


def seen_by_its_script(page, clinic):
    """The profile's script counted the view (a number for the day, nothing about who)."""
    for _ in range(50):
        if ProfileViews.objects.filter(provider=clinic).exists():
            break
        page.wait_for_timeout(100)
    assert ProfileViews.objects.get(provider=clinic).count == 1


def assert_accessible(page, axe, name):
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, f"{name}:\n{describe(violations)}"


def test_a_patient_enquires_from_a_phone_and_the_clinic_marks_it_contacted(site, browser, clinic):
    axe = Axe()
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        page = phone.new_page()
        page.goto(site + clinic.get_absolute_url())
        bar = page.get_by_role("navigation", name="Contact Tanjong Spine Clinic")
        expect(bar).to_be_visible()
        enquire = bar.get_by_role("link", name="Enquire")
        box = enquire.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"]  # on the first screen, at the bottom
        seen_by_its_script(page, clinic)
        enquire.tap()

        page.wait_for_url(re.compile(r".*/enquiry/$"))
        assert_accessible(page, axe, "the enquiry form")
        page.get_by_label("Your name").fill("Lim Wei Jie")
        page.get_by_label("Phone number").fill("+65 9123 4567")
        page.get_by_label("Evenings").check()
        page.get_by_label("Your message").fill("Do you see patients on weekday evenings?")
        page.get_by_label(re.compile("I agree that")).check()
        page.get_by_role("button", name="Send").tap()

        expect(page.get_by_text("Your enquiry was sent.")).to_be_visible()
        expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
        assert_accessible(page, axe, "the page after sending")
    finally:
        phone.close()
    assert Enquiry.objects.get(provider=clinic).name == "Lim Wei Jie"

    desk = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = desk.new_page()
        log_in(page, site, "alice-e2e")
        page.goto(site + reverse("inbox:list", args=[clinic.slug]))
        assert_accessible(page, axe, "the inbox")
        page.get_by_role("link", name="Enquiry from Lim Wei Jie").click()
        expect(page.get_by_text("Do you see patients on weekday evenings?")).to_be_visible()
        assert_accessible(page, axe, "the enquiry")
        page.get_by_label("Status").select_option("contacted")
        page.get_by_role("button", name="Save the status").click()
        expect(page.get_by_text("Marked as contacted.")).to_be_visible()
    finally:
        desk.close()
    assert Enquiry.objects.get(provider=clinic).status == "contacted"
