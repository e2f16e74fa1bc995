"""
An editor writes, previews and publishes an article in the admin; a patient reads it with its
table of contents and reaches providers through "Find care for this". axe-core checks the
article pages against WCAG 2.1 AA.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from articles.models import Article, Status
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.e2e

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}

BODY = """# Why heat helps

Warmth relaxes tight muscles. Read [a plain-language overview](https://example.org/heat).

# How to use it safely

- Wrap the pack in a towel.
- Twenty minutes at a time.
- Never sleep on a heating pad.
"""


@pytest.fixture
def articles_site(site):
    call_command("load_starter_articles", verbosity=0)
    return site


def log_in(page, site, username):
    page.goto(site + "/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # The admin's index, headed with the site's name.
    expect(page.get_by_role("heading", name=settings.SITE_NAME, exact=True)).to_be_visible()


def test_an_editor_publishes_and_a_patient_reads_and_finds_care(articles_site, page, browser):
    site = articles_site
    UserFactory(username="eve", is_staff=True, groups=["Editors"])
    log_in(page, site, "eve")

    # Write a draft with a heading, a link and a list.
    page.goto(site + "/admin/articles/article/add/")
    page.get_by_label("Title:", exact=True).fill("Heat for back pain")
    page.get_by_label("Title:", exact=True).press("Tab")  # the slug fills itself in on change
    expect(page.get_by_label("Slug:", exact=True)).to_have_value("heat-for-back-pain")
    page.get_by_label("Category:", exact=True).select_option(label="Treatments and techniques")
    page.get_by_label("Summary:", exact=True).fill(
        "When a warm pack helps a sore back, and how to use one."
    )
    page.get_by_label("Body:", exact=True).fill(BODY)
    page.get_by_label("Author:", exact=True).select_option(label="Editorial team (demo content)")
    page.get_by_label("Medical reviewer:", exact=True).select_option(
        label="Dr. A. Example (fictional demo reviewer)"
    )
    page.locator("#id_services_from").select_option(label="Swedish massage")
    page.locator("#id_services_add").click()
    page.locator("#id_conditions_from").select_option(label="Muscle strain")
    page.locator("#id_conditions_add").click()
    page.get_by_label("Status:", exact=True).select_option("draft")
    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get(slug="heat-for-back-pain")
    assert article.status == Status.DRAFT

    # A patient cannot see the draft yet.
    patient = browser.new_context()
    patient_page = patient.new_page()
    try:
        response = patient_page.goto(site + "/articles/heat-for-back-pain/")
        assert response.status == 404

        # The editor previews it through "View on site".
        page.get_by_role("link", name="View on site").click()
        page.wait_for_url("**/articles/heat-for-back-pain/")
        expect(page.locator(".notice--preview")).to_contain_text("Draft")
        expect(page.get_by_role("heading", name="Heat for back pain", level=1)).to_be_visible()

        # Publish it.
        page.go_back()
        page.get_by_label("Status:", exact=True).select_option("published")
        page.get_by_label("Change note:", exact=True).fill("Ready to publish")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

        # The patient now finds it in the list and reads it.
        patient_page.goto(site + "/articles/")
        patient_page.get_by_role("link", name="Heat for back pain").click()
        patient_page.wait_for_url("**/articles/heat-for-back-pain/")
        toc = patient_page.get_by_role("navigation", name="On this page")
        expect(toc.get_by_role("link", name="Why heat helps")).to_have_attribute(
            "href", "#why-heat-helps"
        )
        expect(toc.get_by_role("link", name="How to use it safely")).to_be_visible()
        link = patient_page.get_by_role("link", name="a plain-language overview")
        expect(link).to_have_attribute("rel", "noopener")
        expect(patient_page.locator(".article__body li")).to_have_count(3)
        expect(patient_page.locator(".article__disclaimer")).to_contain_text(
            "General information, not medical advice."
        )

        care = patient_page.locator(".find-care")
        expect(care.get_by_role("heading", name="Find care for this")).to_be_visible()
        cards = care.locator(".card")
        expect(cards.first).to_be_visible()
        assert 1 <= cards.count() <= 6
        first_provider = cards.first.locator(".card__title a")
        name = first_provider.inner_text()
        first_provider.click()
        expect(patient_page.get_by_role("heading", name=name, level=1)).to_be_visible()

        patient_page.go_back()
        care.get_by_role("link", name="Every provider offering swedish massage").click()
        patient_page.wait_for_url("**/providers/?*")
        assert "service=swedish-massage" in patient_page.url
        patient_page.go_back()
        care.get_by_role("link", name="Every provider treating muscle strain").click()
        patient_page.wait_for_url("**/providers/?condition=muscle-strain")
    finally:
        patient.close()


def test_article_pages_have_no_wcag_21_aa_violations(articles_site, page):
    axe = Axe()
    failures = []
    paths = [
        "/articles/",
        "/articles/?category=causes",
        "/articles/muscle-strain-and-back-pain/",
        "/articles/finding-a-qualified-massage-therapist/",
    ]
    for path in paths:
        page.goto(articles_site + path)
        violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
        for violation in violations:
            targets = [" ".join(map(str, node["target"])) for node in violation["nodes"]]
            failures.append(f"{path}: {violation['id']}: {violation['help']} at {targets}")
    assert not failures, "\n".join(failures)


def test_a_starter_cause_article_shows_red_flags_and_find_care(articles_site, page):
    page.goto(articles_site + "/articles/spinal-stenosis/")
    expect(page.get_by_role("heading", name="See a doctor at once if…")).to_be_visible()
    expect(page.locator(".find-care .card").first).to_be_visible()
    expect(page.get_by_text("Medically reviewed by Dr. A. Example")).to_be_visible()


def test_the_preview_beside_the_body_follows_the_markdown_sanitised(articles_site, page):
    site = articles_site
    UserFactory(username="eve", is_staff=True, groups=["Editors"])
    log_in(page, site, "eve")
    refused = []
    page.on("console", lambda message: message.type == "error" and refused.append(message.text))

    page.goto(site + "/admin/articles/article/add/")
    preview = page.get_by_role("region", name="Preview")
    expect(preview).to_be_visible()
    page.get_by_label("Body:", exact=True).fill(
        "# Why heat helps\n\nWarmth **relaxes**.<script>document.title='owned'</script>"
    )
    expect(preview.get_by_role("heading", name="Why heat helps", level=2)).to_be_visible()
    expect(preview.locator("strong")).to_have_text("relaxes")
    expect(preview.locator("script")).to_have_count(0)
    expect(preview.get_by_role("status")).to_contain_text("Preview updated")
    assert page.title() != "owned"
    assert refused == []
