"""
Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live
server, on a small demo data set.

No browser is ever downloaded: the tests use /usr/bin/chromium (`apt-get install chromium`).
Without it they skip, saying so; with E2E_REQUIRED set (as CI sets it) a missing browser fails.
"""

import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import sync_playwright

from demo import accounts

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DEMO_PROVIDERS = 40


@pytest.fixture
def site(live_server, django_db_serialized_rollback, settings):
    """
    The live server's address, with the demo data loaded. The live server's tests empty the
    database after each test; serialized rollback restores what the migrations put there
    (the Moderators and Editors groups) before the next one.
    """
    call_command("seed_demo", providers=DEMO_PROVIDERS, photos=2, stdout=io.StringIO())
    # The demo accounts, as `make run` makes them (the tests run with DEBUG off).
    accounts.create()
    # Uploaded photos served, as under `make run`.
    settings.ROOT_URLCONF = "tests.e2e.urls"
    # The live server's port is one the Host header may name.
    settings.HOST_PORTS = [*settings.HOST_PORTS, live_server.url.rsplit(":", 1)[1]]
    return live_server.url


@pytest.fixture
def browser(site):
    """
    A headless Chromium for one test. It needs `site` so that it starts after the database is
    set up and stops before the database is emptied: while Playwright's sync API runs, its
    event loop makes Django hand out other connection objects (asgiref's Local), and the
    emptying would miss that the test asked for a serialized rollback.
    """
    if not CHROMIUM.exists():
        reason = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail(f"{reason}, and E2E_REQUIRED is set", pytrace=False)
        pytest.skip(reason)
    # The event loop also trips Django's async-safety check on the test's own synchronous
    # ORM calls; allow them while Playwright runs, and only then.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
            # Close the connections the test's own queries opened while the loop ran.
            connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def sized(browser, request):
    """(width, page): a page 844 px tall and as wide as the test's parameter, offline."""
    from tests.e2e.test_search import without_the_internet

    context = browser.new_context(viewport={"width": request.param, "height": 844})
    context.set_default_timeout(10_000)
    page = context.new_page()
    without_the_internet(page)
    yield request.param, page
    context.close()
