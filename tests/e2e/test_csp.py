"""
The Content-Security-Policy holds: the browser reports no violation on the patient's pages, the
clinic staff's pages and the admin (whose scripts are all files, none inline).
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from providers.models import Provider
from tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.e2e

# Collected by the page itself, before any of its own scripts run.
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def watched(page):
    """The page, and the CSP violations its console and its event listener report."""
    reported = []
    page.on(
        "console",
        lambda message: (
            reported.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(LISTEN)

    def violations():
        return reported + page.evaluate("window.__cspViolations || []")

    return page, violations


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")


def log_in(page, site, username, path):
    page.goto(site + "/accounts/login/?next=" + path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.locator("main form [type=submit], #content form [type=submit]").first.click()


def test_public_pages_break_no_rule_of_the_policy(site, watched):
    page, violations = watched
    call_command("load_starter_articles", verbosity=0)
    provider = Provider.objects.listed().order_by("name").first()
    article = reverse("articles:list")

    for path in [
        "/",
        "/providers/",
        "/providers/?sort=distance&near=1.35,103.82",
        provider.get_absolute_url(),
        article,
    ]:
        visit(page, site + path)
    page.locator("main a[href^='/articles/']:not([href='/articles/'])").first.click()
    page.wait_for_load_state("networkidle")

    assert violations() == []


def test_the_admin_breaks_no_rule_of_the_policy(site, watched):
    page, violations = watched
    UserFactory(username="root", is_staff=True, is_superuser=True)
    provider = Provider.objects.order_by("name").first()
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill("root")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # The admin's index, headed with the site's name.
    expect(page.get_by_role("heading", name=settings.SITE_NAME, exact=True)).to_be_visible()

    for path in [
        "/admin/",
        "/admin/providers/provider/",
        f"/admin/providers/provider/{provider.pk}/change/",
        "/admin/articles/article/add/",
    ]:
        visit(page, site + path)

    assert violations() == []


def test_the_manage_pages_break_no_rule_of_the_policy(site, watched):
    try:
        dashboard = reverse("manage:dashboard")
    except NoReverseMatch:
        pytest.skip("the clinic staff's pages (/manage/) are not built yet")
    page, violations = watched
    provider = Provider.objects.order_by("name").first()
    MembershipFactory(user=UserFactory(username="carol"), provider=provider)

    log_in(page, site, "carol", dashboard)
    visit(page, site + dashboard)
    page.locator("main a[href^='/manage/']").first.click()
    page.wait_for_load_state("networkidle")

    assert violations() == []
