"""
Every public page passes axe-core's WCAG 2.1 A and AA rules, works by keyboard alone and with
JavaScript off, and fits a 360 px wide phone screen.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from providers.models import Provider
from tests.e2e.pages import SHOW_RESULTS, page_paths

pytestmark = pytest.mark.e2e

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"  - {' '.join(map(str, node['target']))}")
            lines.append(f"    {node['failureSummary'].replace(chr(10), chr(10) + '    ')}")
    return "\n".join(lines)


def test_pages_have_no_wcag_21_aa_violations(site, page):
    axe = Axe()
    failures = []
    paths = page_paths()
    report = paths["profile"].rstrip("/") + "/report/"
    for name, path in {**paths, "privacy": "/privacy/", "report": report}.items():
        page.goto(site + path)
        results = axe.run(page, options=AXE_OPTIONS)
        violations = results.response["violations"]
        if violations:
            failures.append(f"{name} ({path}):\n{describe(violations)}")
    assert not failures, "axe-core found WCAG 2.1 AA violations:\n" + "\n\n".join(failures)


def test_the_directory_filters_with_javascript_off(site, browser):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site + "/providers/")
        page.get_by_role("checkbox", name="Physiotherapy").first.check()
        page.get_by_role("button", name=SHOW_RESULTS).click()
        page.wait_for_url("**/providers/?*")
        assert "kind=physiotherapy" in page.url
        cards = page.locator(".card")
        expect(cards.first).to_be_visible()
        for meta in page.locator(".card .card__meta").all_inner_texts():
            assert "Physiotherapy" in meta
        expected = Provider.objects.listed().filter(kind="physiotherapy").count()
        expect(page.locator("#results-heading")).to_contain_text(f"{expected} provider")
    finally:
        context.close()


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {tag: el.tagName.toLowerCase(), name: el.getAttribute('name'),
                    type: el.getAttribute('type'), text: el.innerText || ''};
        }"""
    )


def test_the_search_works_by_keyboard_alone(site, page):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "a" and "skip" in first["text"].lower(), first

    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["name"] in ("q", "near"):
            reached.append(element["name"])
        if element["tag"] == "button" and element["type"] == "submit":
            reached.append("submit")
            break
    assert reached == ["q", "near", "submit"], reached

    page.get_by_label("What").focus()
    page.keyboard.type("Physiotherapy")
    page.keyboard.press("Enter")
    page.wait_for_url("**/providers/?*")
    assert "q=Physiotherapy" in page.url
    expect(page.locator(".card").first).to_be_visible()


def test_the_skip_link_moves_focus_to_the_main_content(site, page):
    page.goto(site + "/providers/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_pages_fit_a_360_px_wide_screen(site, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        too_wide = {}
        for name, path in page_paths().items():
            page.goto(site + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                too_wide[name] = width
        assert not too_wide, f"pages scroll sideways at 360 px (scrollWidth): {too_wide}"
    finally:
        context.close()
