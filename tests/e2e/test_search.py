"""
A patient searches by words and place: results nearest first with distances, "Use my
location", the results map, and axe-core on the results page.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from providers.models import Location
from tests.e2e.pages import SHOW_RESULTS
from tests.e2e.test_accessibility import AXE_OPTIONS, describe
from tests.factories import LocationFactory, ProviderFactory, ProviderServiceFactory

pytestmark = pytest.mark.e2e

DISTANCE = re.compile(r"^([\d.]+) km · (.+)$|^under 100 m · (.+)$")


def without_the_internet(page):
    """Map tiles come from the tile server in settings; the tests do not reach the Internet."""
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"), lambda route: route.abort())


@pytest.fixture
def offline_tiles(page):
    without_the_internet(page)
    return page


def distances(page):
    found = []
    for line in page.locator(".card__distance").all_inner_texts():
        match = DISTANCE.match(line.strip())
        assert match, line
        found.append(float(match.group(1)) if match.group(1) else 0.0)
    return found


def test_deep_tissue_near_a_postal_code_comes_nearest_first_on_a_map(site, offline_tiles):
    page = offline_tiles
    branch = (
        Location.objects.filter(provider__offers__service__slug="deep-tissue-massage")
        .filter(provider__is_published=True)
        .order_by("pk")
        .first()
    )
    page.goto(site + "/providers/")
    page.get_by_label("What").fill("deep tissue")
    page.get_by_label("Where").fill(branch.postal_code)
    page.get_by_label("Within (km)").fill("50")
    page.get_by_role("button", name=SHOW_RESULTS).click()
    page.wait_for_url("**/providers/?*")

    assert f"near={branch.postal_code}" in page.url
    expect(
        page.get_by_text(f"Nearest first, from postal code {branch.postal_code}")
    ).to_be_visible()
    shown = distances(page)
    assert shown, "no distances on the cards"
    assert shown == sorted(shown)
    cards = page.locator(".card").count()
    assert len(shown) == cards
    # One marker per card, each with the provider's name as its title.
    expect(page.locator(".results-map.is-drawn")).to_be_visible()
    expect(page.locator(".leaflet-marker-icon")).to_have_count(cards)
    # (A marker may sit at the map's clipped edge, so the click is sent to it directly.)
    page.locator(".leaflet-marker-icon").first.dispatch_event("click")
    expect(page.locator(".leaflet-popup-content a")).to_have_count(1)


def test_use_my_location_fills_the_search(site, browser):
    branch = Location.objects.filter(provider__is_published=True).order_by("pk").first()
    context = browser.new_context(
        geolocation={"latitude": branch.latitude, "longitude": branch.longitude},
        permissions=["geolocation"],
    )
    context.grant_permissions(["geolocation"])
    page = context.new_page()
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"), lambda route: route.abort())
    try:
        page.goto(site + "/providers/")
        page.get_by_role("button", name="Use my location").click()
        page.wait_for_url(re.compile(r".*near=.*"))

        where = page.get_by_label("Where").input_value()
        lat, lng = (float(part) for part in where.split(","))
        assert lat == pytest.approx(branch.latitude, abs=1e-4)
        assert lng == pytest.approx(branch.longitude, abs=1e-4)
        shown = distances(page)
        assert shown and shown[0] < 0.5
        assert shown == sorted(shown)
    finally:
        context.close()


def test_the_results_page_has_no_wcag_21_aa_violations(site, offline_tiles):
    page = offline_tiles
    page.goto(site + "/providers/?q=massage&near=Tampines&radius=20")
    expect(page.locator(".results-map.is-drawn")).to_be_visible()

    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]

    assert not violations, describe(violations)


def test_a_bad_place_is_explained_on_the_page(site, offline_tiles):
    page = offline_tiles
    page.goto(site + "/providers/?q=massage&near=740000")

    expect(page.locator("#id_near_error")).to_contain_text(
        "We do not know where postal codes starting 74 are"
    )
    expect(page.get_by_role("status").first).to_contain_text("We could not use")
    assert page.locator(".card").count() > 0


def test_on_a_wide_screen_the_keyboard_skips_the_filters_to_the_results(site, offline_tiles):
    page = offline_tiles
    page.goto(site + "/providers/?q=massage")
    skip = page.locator(".filters__skip a")
    assert skip.bounding_box()["width"] <= 1, "hidden until a keyboard reaches it"

    presses = 0
    while not skip.evaluate("link => link === document.activeElement"):
        page.keyboard.press("Tab")
        presses += 1
        assert presses < 30, "the skip link comes before the filters"
    assert skip.bounding_box()["width"] > 50, "shown once focused"
    page.keyboard.press("Enter")

    # Past the search's own chips ("Remove filter: massage", "Clear all"), the other orders
    # ("Name (A–Z)"; the current one too) and the map's zoom and credit links (its markers
    # stay out of the way), the first result.
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.card') !== null"):
            break
    else:
        pytest.fail("the first result is not within twelve Tabs of the skip link")


def test_a_station_typed_in_the_home_pages_where_finds_care_near_it(site, offline_tiles):
    page = offline_tiles
    page.goto(site + "/")
    where = page.get_by_label("Where")
    # The suggestions while typing include the stations.
    expect(page.locator('#places option[value="Bishan MRT station"]')).to_have_count(1)
    where.fill("Bishan MRT")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/providers/?*")

    assert "near=Bishan+MRT" in page.url
    expect(page.get_by_text("Within 5 km of Bishan MRT station")).to_be_visible()


@pytest.mark.parametrize(
    "typed, understood",
    [
        ("AMK", "Ang Mo Kio"),
        ("Raffles Place", "Raffles Place"),
        ("Tampines Mall", "Tampines Mall"),
        ("orchard road", "Orchard Road"),
        ("520123", "postal code 520123"),
    ],
)
def test_places_as_people_say_them(site, offline_tiles, typed, understood):
    page = offline_tiles
    page.goto(site + "/providers/")
    page.get_by_label("Where").fill(typed)
    page.get_by_label("Where").press("Enter")
    page.wait_for_url("**near=**")

    expect(page.locator(".chips")).to_contain_text(f"km of {understood}")
    expect(page.get_by_text("We could not use")).to_have_count(0)


def test_a_misspelt_place_offers_what_it_may_be(site, offline_tiles):
    page = offline_tiles
    page.goto(site + "/providers/?near=Tampnies")

    page.get_by_role("link", name="Tampines").first.click()

    page.wait_for_url("**near=Tampines**")
    expect(page.get_by_text("We could not use")).to_have_count(0)


def test_a_corrected_word_is_said_with_a_link_to_the_word_as_typed(site, offline_tiles):
    page = offline_tiles
    page.goto(site + "/providers/?q=acupunture")

    notice = page.locator(".correction")
    expect(notice).to_contain_text("Showing results for acupuncture (you typed “acupunture”)")
    notice.get_by_role("link").click()

    page.wait_for_url("**as_typed=true**")
    expect(page.locator(".correction")).to_have_count(0)


def test_a_verified_complete_listing_ranks_above_an_equal_match_without_them(site, offline_tiles):
    ProviderFactory(name="Aardvark Spinal Studio")
    complete = ProviderFactory(name="Zebra Spinal Studio", is_verified=True)
    LocationFactory(provider=complete, hours=[(0, "09:00", "18:00")])
    ProviderServiceFactory(provider=complete, price=80)
    page = offline_tiles

    page.goto(site + "/providers/?q=spinal+studio")

    titles = page.locator(".card__title").all_inner_texts()
    assert titles[:2] == ["Zebra Spinal Studio", "Aardvark Spinal Studio"]
    expect(page.locator(".order__how")).to_contain_text("Best match")
