"""
"How to check a practitioner in …": the bodies that register or license care in the site's
market, named on the articles about choosing a practitioner, from the market's data.
"""

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from articles import starter
from articles.models import Article
from markets import market
from tests.articles.factories import ArticleFactory, CategoryFactory
from tests.articles.pages import text_of

pytestmark = pytest.mark.django_db

EREWHON = str(Path(__file__).parents[1] / "markets" / "erewhon.json")


def box(response):
    content = response.content.decode()
    found = re.search(r'<section class="regulators".*?</section>', content, re.S)
    return found.group(0) if found else None


def test_the_therapist_guide_names_the_bodies_a_singapore_patient_can_check(client):
    call_command("load_starter_articles", stdout=None)
    guide = Article.objects.get(slug="finding-a-qualified-massage-therapist")

    response = client.get(guide.get_absolute_url())

    text = text_of(response)
    assert "How to check a practitioner in Singapore" in text
    assert "Allied Health Professions Council (AHPC)" in text
    assert "TCM Practitioners Board (TCMPB)" in text
    assert "Singapore Medical Council (SMC)" in text
    assert "Massage Establishments Act" in text
    assert "Chiropractors have no government register in Singapore" in text
    assert "Not a government register:" in text
    # Its own text points readers to the box, which has that anchor.
    assert 'href="#check-a-practitioner"' in guide.body_html
    assert 'id="check-a-practitioner"' in box(response)


def test_each_body_links_to_its_register_search_where_it_has_one(client):
    article = ArticleFactory(shows_regulators=True)
    section = box(client.get(article.get_absolute_url()))
    for body in market.current().regulators:
        if body.check_url:
            assert f'<a href="{body.check_url}">Check a registration' in section
            assert f"with the {body.name}</span>" in section


def test_a_category_about_choosing_shows_the_box_on_each_of_its_articles(client):
    choosing = CategoryFactory(slug="finding-a-therapist", shows_regulators=True)
    article = ArticleFactory(category=choosing)
    assert box(client.get(article.get_absolute_url())) is not None


def test_other_articles_do_not_show_it(client):
    article = ArticleFactory()
    assert box(client.get(article.get_absolute_url())) is None


def test_another_market_shows_its_own_bodies(client, settings):
    settings.MARKET = EREWHON
    article = ArticleFactory(shows_regulators=True)

    text = text_of(client.get(article.get_absolute_url()))

    assert "How to check a practitioner in Erewhon" in text
    assert "Erewhon Board of Bodywork (EBB)" in text
    assert "Allied Health Professions Council" not in text
    assert "Singapore" not in text


def test_no_starter_article_sends_readers_to_another_countrys_bodies():
    for article in starter.starter_articles():
        text = f"{article.summary} {article.body}"
        for phrase in ["AMTA", "American Massage", "your state", "United States"]:
            assert phrase not in text, (article.slug, phrase)


def test_starter_articles_that_advise_checking_a_register_show_the_box():
    flagged = {article.slug for article in starter.starter_articles() if article.shows_regulators}
    assert {"finding-a-qualified-massage-therapist", "pain-management-options"} <= flagged
