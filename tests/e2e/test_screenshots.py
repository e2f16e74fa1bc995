"""
The README's pictures (`make screenshots` rewrites them): the patient's pages at 1280 px and on
a 390 px phone (and the directory in Chinese there), and the first page of each demo account: a
clinic's staff, an editor, a moderator.
"""

import pytest
from playwright.sync_api import expect

from demo import accounts
from tests.e2e.pages import page_paths, save_screenshot

pytestmark = pytest.mark.e2e

MAX_BYTES = 400_000
PHONE = {"width": 390, "height": 844}


def check(png, name):
    assert len(png) < MAX_BYTES, f"{name}.png is {len(png)} bytes"


def test_screenshots_of_a_patients_pages(site, page, browser):
    paths = page_paths()
    for name, path in paths.items():
        page.goto(site + path)
        expect(page.locator("h1")).to_be_visible()
        check(save_screenshot(page, name), name)
    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    try:
        small = phone.new_page()
        small.goto(site + paths["profile"])
        expect(small.locator("h1")).to_be_visible()
        # The first screen, with the contact bar at its foot.
        check(save_screenshot(small, "phone", max_height=PHONE["height"]), "phone")
        # The directory in Chinese on the same phone (README, "Languages").
        small.goto(site + "/zh-hans" + paths["directory"])
        expect(small.locator("html")).to_have_attribute("lang", "zh-hans")
        check(save_screenshot(small, "phone-zh", max_height=PHONE["height"]), "phone-zh")
    finally:
        phone.close()


@pytest.mark.parametrize(
    ("username", "name"),
    [("demo-owner", "staff"), ("demo-editor", "editor"), ("demo-moderator", "moderator")],
)
def test_screenshots_of_each_roles_first_page(site, page, username, name):
    page.goto(site + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(accounts.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    account = next(account for account in accounts.ACCOUNTS if account.username == username)
    page.goto(site + account.pages[0][0])
    expect(page.locator("h1")).to_be_visible()
    check(save_screenshot(page, name, max_height=1000), name)
