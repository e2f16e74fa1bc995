"""A patient looks for acupuncture in their region and checks when and how to reach a clinic."""

import pytest
from django.db.models import Q
from playwright.sync_api import expect

from providers.models import Provider
from tests.e2e.pages import SHOW_RESULTS, region_with_most

pytestmark = pytest.mark.e2e

ACUPUNCTURE = (
    Q(kind="acupuncture")
    | Q(name__icontains="acupuncture")
    | Q(offers__service__name__icontains="acupuncture")
    | Q(conditions__name__icontains="acupuncture")
)


def in_region(region):
    return Q(locations__area=region) | Q(locations__area__parent=region)


def acupuncture_slugs(region):
    """Written without the app's filters, so that it checks them rather than repeats them."""
    return set(
        Provider.objects.filter(ACUPUNCTURE, in_region(region), is_published=True)
        .values_list("slug", flat=True)
        .distinct()
    )


def card_slugs(page):
    hrefs = page.locator(".card .card__title a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    return [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]


def test_a_patient_finds_acupuncture_in_their_region_and_sees_hours_and_phone(site, page):
    region = region_with_most("acupuncture")
    expected = acupuncture_slugs(region)
    assert expected, "the demo data should have acupuncture in some region"

    page.goto(site + "/")
    what = page.get_by_label("What")
    suggestions = page.locator(f"datalist#{what.get_attribute('list')} option")
    expect(suggestions.and_(page.locator("[value='Acupuncture']"))).to_have_count(1)
    what.fill("Acupuncture")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/providers/?*")
    # The home page's "Where" takes a place to search around; a whole region is a filter.
    page.get_by_label("Region or area").select_option(region.slug)
    page.get_by_role("button", name=SHOW_RESULTS).click()

    page.wait_for_url(f"**/providers/?*area={region.slug}*")
    assert "q=Acupuncture" in page.url and f"area={region.slug}" in page.url
    heading = page.locator("#results-heading")
    expect(heading).to_contain_text(f"{len(expected)} provider")
    shown = card_slugs(page)
    assert shown, "no result cards"
    assert set(shown) <= expected, f"not acupuncture in {region.name}: {set(shown) - expected}"
    # What the patient sees: each card names acupuncture as the kind or among its services.
    for card in page.locator(".card").all():
        assert "acupuncture" in card.inner_text().lower()

    page.locator(".card .card__title a").first.click()
    page.wait_for_url(f"**/providers/{shown[0]}/")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("table.hours").first).to_be_visible()
    phone = page.locator("a[href^='tel:']").first
    expect(phone).to_be_visible()
    assert phone.get_attribute("href").startswith("tel:+")
