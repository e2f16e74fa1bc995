"""The README's pictures of home, the directory and a profile (`make screenshots` rewrites them)."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.pages import page_paths, save_screenshot

pytestmark = pytest.mark.e2e

MAX_BYTES = 400_000


def test_screenshots_of_home_directory_and_profile(site, page):
    # With the starter articles, as `make run` serves the site.
    call_command("load_starter_articles", stdout=io.StringIO())
    for name, path in page_paths().items():
        page.goto(site + path)
        expect(page.locator("h1")).to_be_visible()
        png = save_screenshot(page, name)
        assert len(png) < MAX_BYTES, f"{name}.png is {len(png)} bytes"
