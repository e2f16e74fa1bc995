"""
The directory on a phone (390 × 844): the results come first, the filters folded into a
drawer above them that a keyboard opens, ticks and submits, saying as it goes how many results
the choice would show; on a wide screen the filters are a column beside the results.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.pages import SHOW_RESULTS
from tests.e2e.test_accessibility import AXE_OPTIONS, describe

pytestmark = pytest.mark.e2e

TWO_SCREENS = 2 * 844


def open_the_filters_on_a_phone(page, width):
    if width < 640:
        page.locator(".filters__summary").click()


def first_result_top(page):
    return page.locator(".card").first.evaluate(
        "card => card.getBoundingClientRect().top + window.scrollY"
    )


@pytest.mark.parametrize("sized", [390], indirect=True)
@pytest.mark.parametrize(
    "query", ["", "?kind=massage&language=english&verified=on", "?q=sciatica&near=Tampines"]
)
def test_the_first_result_is_within_two_screens_on_a_phone(site, sized, query):
    _, page = sized
    page.goto(site + "/providers/" + query)

    expect(page.locator(".card").first).to_be_visible()
    assert first_result_top(page) <= TWO_SCREENS
    # The drawer is closed: its filters take no room.
    expect(page.get_by_label("What")).to_be_hidden()


@pytest.mark.parametrize("sized", [390], indirect=True)
def test_the_filter_drawer_by_keyboard(site, sized):
    _, page = sized
    page.goto(site + "/providers/?kind=massage")
    summary = page.locator(".filters__summary")
    expect(summary).to_have_text("Filters · 1 active")

    summary.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("What")).to_be_visible()
    button = page.get_by_role("button", name=SHOW_RESULTS)
    before = button.inner_text()

    verified = page.get_by_role("checkbox", name="Verified only")
    verified.focus()
    page.keyboard.press("Space")
    # The button says how many the new choice finds before the page is asked for.
    expect(button).not_to_have_text(before)
    expect(button).to_have_text(SHOW_RESULTS)
    shown = button.inner_text()

    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**verified=on**")
    expect(page.locator(".filters__summary")).to_have_text("Filters · 2 active")
    count = re.search(r"Show ([\d,+]+) results?", shown).group(1)
    expect(page.locator("#results-heading")).to_contain_text(f"{count} provider")


@pytest.mark.parametrize("sized", [1280], indirect=True)
def test_on_a_wide_screen_the_filters_are_a_column_beside_the_results(site, sized):
    _, page = sized
    page.goto(site + "/providers/")

    expect(page.get_by_label("What")).to_be_visible()
    expect(page.locator(".filters__summary")).to_be_hidden()
    filters = page.locator(".filters").bounding_box()
    results = page.locator("#results").bounding_box()
    assert filters["x"] + filters["width"] <= results["x"]


@pytest.mark.parametrize("sized", [390, 1280], indirect=True)
def test_the_long_lists_open_with_show_all(site, sized):
    width, page = sized
    page.goto(site + "/providers/")
    open_the_filters_on_a_phone(page, width)
    more = page.locator(".more-options").first
    hidden_option = more.locator("input[type=checkbox]").first
    expect(hidden_option).to_be_hidden()

    more.locator("summary").click()

    expect(hidden_option).to_be_visible()


@pytest.mark.parametrize("sized", [390, 1280], indirect=True)
def test_the_directory_with_its_drawer_open_is_accessible(site, sized):
    width, page = sized
    page.goto(site + "/providers/?service=deep-tissue-massage&sort=price")
    open_the_filters_on_a_phone(page, width)

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]

    assert not violations, describe(violations)


LAYOUT_SHIFT = """
() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 1500);
})
"""


@pytest.mark.parametrize("sized", [390, 1280], indirect=True)
@pytest.mark.parametrize("query", ["", "?q=massage&near=Tampines&radius=20"])
def test_the_directory_does_not_shift_as_it_loads(site, sized, query):
    _, page = sized
    page.goto(site + "/providers/" + query)
    page.wait_for_load_state("load")

    # Cumulative layout shift, as Lighthouse counts it: under 0.05.
    assert page.evaluate(LAYOUT_SHIFT) < 0.05
