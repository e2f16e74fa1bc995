"""
A newcomer on a development copy logs in as each demo account from the note on the login page,
and lands on that role's pages. axe-core finds nothing on the login page with the note.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from demo import accounts
from tests.e2e.test_accessibility import AXE_OPTIONS, describe

pytestmark = pytest.mark.e2e

# What each role's first page shows once logged in.
LANDS_ON = {
    "demo-owner": "Your listings",
    "demo-member": "Your listings",
    "demo-editor": "Select article to change",
    "demo-moderator": "Moderators' desk",
}


@pytest.fixture
def development(site, settings):
    """The login page's note is for development copies only (DEBUG on)."""
    settings.DEBUG = True
    return site


def test_each_demo_account_logs_in_from_the_login_pages_note(development, browser):
    login = development + "/accounts/login/"
    for account in accounts.ACCOUNTS:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.goto(login)
            note = page.get_by_role("region", name="Demo accounts")
            row = note.get_by_role("row").filter(has_text=account.username)
            password = note.locator("p code").inner_text()
            page.get_by_label("Username").fill(row.locator("code").inner_text())
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state()
            # The note links the role's page; open it as a newcomer would.
            page.goto(login)
            page.get_by_role("region", name="Demo accounts").get_by_role("row").filter(
                has_text=account.username
            ).get_by_role("link").first.click()
            expect(page.locator("body")).to_contain_text(LANDS_ON[account.username])
            assert "/accounts/login/" not in page.url, f"{account.username} was not logged in"
        finally:
            context.close()


def test_the_login_page_with_its_note_has_no_wcag_21_aa_violations(development, page):
    page.goto(development + "/accounts/login/")
    expect(page.get_by_role("region", name="Demo accounts")).to_be_visible()
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, describe(violations)
