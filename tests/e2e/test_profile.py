"""
A provider's profile on a phone: who, whether open and how to reach them in the first screen,
the photos right after it as a strip that scrolls sideways; accessible on a phone and a desktop.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.pages import a_profile
from tests.e2e.test_accessibility import AXE_OPTIONS, describe
from tests.e2e.test_search import without_the_internet

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    without_the_internet(page)
    yield page
    context.close()


def bottom(locator):
    box = locator.bounding_box()
    return box["y"] + box["height"]


def test_the_first_screen_of_a_phone_shows_who_whether_open_and_how_to_call(site, phone):
    provider = a_profile()
    phone.goto(site + provider.get_absolute_url())
    header = phone.locator(".profile__header")
    call = header.get_by_role("link", name=f"Call {provider.phone}")

    parts = {
        "name": header.locator("h1"),
        "status": header.locator(".status"),
        "call button": call,
        "key facts": header.locator(".key-facts"),
    }
    bottoms = {}
    for name, part in parts.items():
        expect(part).to_be_visible()
        bottoms[name] = bottom(part)
    assert max(bottoms.values()) <= PHONE["height"], bottoms
    expect(header.locator("h1")).to_have_text(provider.name)
    assert call.get_attribute("href").startswith("tel:")
    expect(
        header.locator(".contact-actions").get_by_role("link", name="Directions")
    ).to_be_visible()

    # The photos follow at once, within the second screen, each loaded when it scrolls in.
    images = phone.locator(".gallery__strip img")
    assert images.count() == provider.photos.count() > 0
    first_photo = images.first.bounding_box()["y"]
    assert first_photo <= 2 * PHONE["height"]
    print(f"\nAt 390 × 844, bottom edges (px): {bottoms}; the first photo's top: {first_photo}")
    for image in images.all():
        image.scroll_into_view_if_needed()
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("image => image.naturalWidth") > 0


def test_the_photo_strip_is_reached_and_scrolled_by_keyboard(site, phone):
    provider = a_profile()
    phone.goto(site + provider.get_absolute_url())
    strip = phone.locator(".gallery__strip")
    expect(strip).to_have_accessible_name(f"Photos of {provider.name}")
    assert strip.evaluate("strip => getComputedStyle(strip).scrollSnapType").startswith("x")
    # The page itself never scrolls sideways: only the strip does.
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    shown = strip.bounding_box()
    phone.locator(".key-facts").get_by_role("link").last.focus()
    links = strip.get_by_role("link")
    for index in range(links.count()):
        phone.keyboard.press("Tab")
        link = links.nth(index)
        expect(link).to_be_focused()
        assert link.get_attribute("href").startswith("/media/")
        assert link.evaluate("link => getComputedStyle(link).outlineStyle") == "solid"
        box = link.bounding_box()
        assert box["x"] < shown["x"] + shown["width"], "the focused photo is out of sight"

    # The arrow keys scroll the strip under the focus, to the last photo in full.
    end = strip.evaluate("strip => strip.scrollWidth - strip.clientWidth")
    for _ in range(links.count() * 2):
        phone.keyboard.press("ArrowRight")
    expect(strip).to_have_js_property("scrollLeft", end)
    box = links.last.bounding_box()
    assert shown["x"] <= box["x"] and box["x"] + box["width"] <= shown["x"] + shown["width"]


@pytest.mark.parametrize("width", [390, 1280])
def test_a_profile_with_photos_has_no_wcag_21_aa_violations(site, browser, width):
    context = browser.new_context(viewport={"width": width, "height": PHONE["height"]})
    try:
        page = context.new_page()
        without_the_internet(page)
        page.goto(site + a_profile().get_absolute_url())
        expect(page.locator(".gallery__strip img").first).to_be_visible()

        violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]

        assert not violations, describe(violations)
    finally:
        context.close()
