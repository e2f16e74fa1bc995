"""
Alice keeps a branch's week in the grid of opening hours: two intervals on Monday, copied to
every weekday with JavaScript off, then saved; and the grid is filled and saved from the
keyboard alone.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from providers.models import OpeningHours
from tests.e2e.test_manage import clinics, log_in  # noqa: F401 (the fixture)

pytestmark = pytest.mark.e2e


def week_of(branch):
    rows = OpeningHours.objects.filter(location=branch).order_by("weekday", "opens")
    return [(r.weekday, f"{r.opens:%H:%M}", f"{r.closes:%H:%M}") for r in rows]


def tab_to(page, target, most=4):
    """Press Tab until `target` has the focus (a time input's hours, minutes and AM/PM take
    a Tab each), failing after `most` presses."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} never got the focus")


def test_monday_is_copied_to_every_weekday_without_javascript(site, browser, clinics):  # noqa: F811
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    context.set_default_timeout(10_000)
    page = context.new_page()
    branch = clinics["branch_a"]
    log_in(page, site, "alice-e2e")
    page.goto(site + reverse("manage:hours", args=[clinics["a"].slug, branch.pk]))

    page.get_by_label("Monday, Opens, interval 1").fill("09:00")
    page.get_by_label("Monday, Closes, interval 1").fill("13:00")
    page.get_by_role("button", name="Save opening hours").click()
    expect(page.get_by_text("Saved the opening hours of Main branch")).to_be_visible()
    # Saving offered a new blank interval on Monday: the afternoon.
    page.get_by_label("Monday, Opens, interval 2").fill("14:00")
    page.get_by_label("Monday, Closes, interval 2").fill("18:00")
    page.get_by_role("button", name="Copy Monday's hours to all weekdays").click()

    expect(page.get_by_text("Nothing is saved until you press")).to_be_visible()
    for day in ("Tuesday", "Wednesday", "Thursday", "Friday"):
        expect(page.get_by_label(f"{day}, Opens, interval 1")).to_have_value("09:00")
        expect(page.get_by_label(f"{day}, Closes, interval 2")).to_have_value("18:00")
        expect(page.get_by_label(f"{day}, Opens, interval 3")).to_have_value("")
    expect(page.get_by_label("Saturday, Opens, interval 1")).to_have_value("")
    assert week_of(branch) == [(0, "09:00", "13:00"), (1, "09:00", "18:00")]

    page.get_by_role("button", name="Save opening hours").click()
    expect(page.get_by_text("Saved the opening hours of Main branch")).to_be_visible()
    assert week_of(branch) == [
        (day, opens, closes)
        for day in range(5)
        for opens, closes in (("09:00", "13:00"), ("14:00", "18:00"))
    ]
    context.close()


def test_the_grid_is_filled_and_saved_from_the_keyboard(site, browser, clinics):  # noqa: F811
    context = browser.new_context(locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    branch = clinics["branch_a"]
    log_in(page, site, "alice-e2e")
    page.goto(site + reverse("manage:hours", args=[clinics["a"].slug, branch.pk]))

    page.get_by_label("Saturday, Opens, interval 1").focus()
    # Chromium's time input takes hours, minutes and AM or PM, typed in turn.
    page.keyboard.type("1000AM")
    tab_to(page, page.get_by_label("Saturday, Closes, interval 1"))
    page.keyboard.type("0200PM")
    # Enter saves: the first button of the form is "Save", not the copy.
    page.keyboard.press("Enter")

    expect(page.get_by_text("Saved the opening hours of Main branch")).to_be_visible()
    assert week_of(branch) == [(1, "09:00", "18:00"), (5, "10:00", "14:00")]
    # Tab from Sunday's last time reaches the buttons, Save first.
    page.get_by_label("Sunday, Closes, interval 1").focus()
    tab_to(page, page.get_by_role("button", name="Save opening hours"))
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=re.compile("Copy Monday"))).to_be_focused()
    context.close()
