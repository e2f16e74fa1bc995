"""
Alice, staff of Clinic A, logs in, changes Tuesday's hours and adds a service with its price,
and sees both on the public profile; Clinic B's edit page answers 404. axe-core finds no
WCAG 2.1 AA violations on the dashboard and the edit pages.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from clinics.models import MembershipRole
from tests.e2e.test_accessibility import AXE_OPTIONS, describe
from tests.factories import (
    LocationFactory,
    MembershipFactory,
    PractitionerFactory,
    ProviderFactory,
    ServiceFactory,
    UserFactory,
)

pytestmark = pytest.mark.e2e

PASSWORD = "a long clinic passphrase 42"


@pytest.fixture
def clinics(site):
    a = ProviderFactory(name="Tanjong Spine Clinic", slug="tanjong-spine-clinic")
    b = ProviderFactory(name="Bukit Back Care", slug="bukit-back-care")
    branch_a = LocationFactory(provider=a, name="Main branch", hours=[(1, "09:00", "18:00")])
    LocationFactory(provider=b, hours=[(1, "09:00", "18:00")])
    PractitionerFactory(provider=a)
    alice = UserFactory(username="alice-e2e")
    alice.set_password(PASSWORD)
    alice.save()
    MembershipFactory(user=alice, provider=a, role=MembershipRole.OWNER)
    MembershipFactory(user=UserFactory(username="bob-e2e"), provider=b)
    service = ServiceFactory(name="Hot stone spinal massage", slug="hot-stone-spinal-massage")
    return {"a": a, "b": b, "branch_a": branch_a, "alice": alice, "service": service}


def log_in(page, site, username):
    page.goto(site + reverse("login") + "?next=" + reverse("manage:dashboard"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(re.compile(r".*/manage/$"))


def test_staff_change_hours_and_services_and_cannot_reach_another_clinic(site, page, clinics):
    a, b = clinics["a"], clinics["b"]
    log_in(page, site, "alice-e2e")
    expect(page.get_by_role("heading", name="Tanjong Spine Clinic")).to_be_visible()
    expect(page.get_by_text("Bukit Back Care")).to_have_count(0)

    page.goto(site + reverse("manage:hours", args=[a.slug, clinics["branch_a"].pk]))
    expect(page.get_by_label("Tuesday, Opens, interval 1")).to_have_value("09:00")
    page.get_by_label("Tuesday, Closes, interval 1").fill("20:30")
    page.get_by_role("button", name="Save opening hours").click()
    expect(page.get_by_text("Saved the opening hours")).to_be_visible()

    page.goto(site + reverse("manage:services", args=[a.slug]))
    new = page.locator("fieldset.interval").first
    new.get_by_label("Service").select_option(label="Hot stone spinal massage")
    new.get_by_label("Price").fill("85")
    new.get_by_label("Session length (minutes)").fill("50")
    page.get_by_role("button", name="Save services").click()
    expect(page.get_by_text("Saved the services and prices")).to_be_visible()

    page.goto(site + a.get_absolute_url())
    expect(page.locator("tr", has_text="Tuesday").first).to_contain_text("09:00–20:30")
    offer = page.locator("tr", has_text="Hot stone spinal massage")
    expect(offer).to_contain_text("85")
    expect(offer).to_contain_text("50")

    response = page.goto(site + reverse("manage:provider", args=[b.slug]))
    assert response.status == 404
    expect(page.get_by_text("Bukit Back Care")).to_have_count(0)


def test_the_dashboard_and_edit_pages_have_no_wcag_21_aa_violations(site, page, clinics):
    a, branch = clinics["a"], clinics["branch_a"]
    practitioner = a.practitioners.get()
    log_in(page, site, "alice-e2e")
    paths = {
        "dashboard": reverse("manage:dashboard"),
        "details": reverse("manage:provider", args=[a.slug]),
        "branches": reverse("manage:branches", args=[a.slug]),
        "branch": reverse("manage:branch", args=[a.slug, branch.pk]),
        "branch_add": reverse("manage:branch_add", args=[a.slug]),
        "hours": reverse("manage:hours", args=[a.slug, branch.pk]),
        "exceptions": reverse("manage:exceptions", args=[a.slug, branch.pk]),
        "closures": reverse("manage:closures", args=[a.slug]),
        "services": reverse("manage:services", args=[a.slug]),
        "practitioners": reverse("manage:practitioners", args=[a.slug]),
        "practitioner": reverse("manage:practitioner", args=[a.slug, practitioner.pk]),
        "credentials": reverse("manage:credentials", args=[a.slug]),
        "credential_add": reverse("manage:credential_add", args=[a.slug]),
        "photos": reverse("manage:photos", args=[a.slug]),
        "team": reverse("manage:team", args=[a.slug]),
    }
    axe = Axe()
    failures = []
    for name, path in paths.items():
        response = page.goto(site + path)
        assert response.status == 200, name
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        if violations:
            failures.append(f"{name} ({path}):\n{describe(violations)}")
    # An invalid form, with its error messages beside the fields, is checked too.
    page.goto(site + paths["hours"])
    page.get_by_label("Tuesday, Closes, interval 1").fill("09:00")
    page.get_by_role("button", name="Save opening hours").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    if violations:
        failures.append(f"hours with errors:\n{describe(violations)}")
    assert not failures, "axe-core found WCAG 2.1 AA violations:\n" + "\n\n".join(failures)
