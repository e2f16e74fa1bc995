"""The therapist guide's checklist on paper: the site's name and the page's address, no menus."""

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

GUIDE = "/articles/finding-a-qualified-massage-therapist/"


@pytest.fixture
def guide(site):
    call_command("load_starter_articles", verbosity=0)
    return site + GUIDE


def test_the_print_button_shows_with_javascript_and_not_on_paper(guide, page):
    page.goto(guide)
    button = page.get_by_role("button", name="Print this checklist")
    expect(button).to_be_visible()

    page.emulate_media(media="print")
    expect(button).to_be_hidden()


def test_on_paper_the_page_names_the_site_and_its_address_and_hides_navigation(guide, page):
    page.goto(guide)
    origin = page.locator(".print-origin").first
    expect(origin).to_be_hidden()

    page.emulate_media(media="print")

    expect(origin).to_be_visible()
    expect(origin).to_contain_text(settings.SITE_NAME)
    expect(origin).to_contain_text(guide)
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(
        page.get_by_role("heading", name="Checklist: questions to ask before you book")
    ).to_be_visible()
