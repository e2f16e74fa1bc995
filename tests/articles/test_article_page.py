"""One article as a patient reads it: contents, review, red flags and "Find care for this"."""

import html
import json
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from articles.models import FIND_CARE_LIMIT
from tests.articles.factories import ArticleFactory, AuthorFactory, CategoryFactory
from tests.articles.pages import text_of
from tests.factories import (
    ConditionFactory,
    LanguageFactory,
    LocationFactory,
    ProviderFactory,
    ServiceFactory,
)
from tests.pages import names

pytestmark = pytest.mark.django_db

ALL_WEEK = [(day, "09:00", "18:00") for day in range(7)]


@pytest.fixture
def care():
    """Two services, a condition, and providers offering or treating them (or not)."""
    swedish = ServiceFactory(name="Swedish massage", slug="swedish-massage")
    deep = ServiceFactory(name="Deep tissue massage", slug="deep-tissue-massage")
    other = ServiceFactory(name="Cupping", slug="cupping")
    strain = ConditionFactory(name="Muscle strain", slug="muscle-strain")
    return {
        "swedish": swedish,
        "deep": deep,
        "strain": strain,
        "offers": ProviderFactory(name="Offers Swedish", services=[swedish]),
        "treats": ProviderFactory(name="Treats strain", conditions=[strain]),
        "verified": ProviderFactory(name="Zeta verified", services=[deep], is_verified=True),
        "unrelated": ProviderFactory(name="Only cupping", services=[other]),
        "hidden": ProviderFactory(name="Hidden one", services=[swedish], is_published=False),
    }


def test_it_shows_the_review_dates_disclaimer_and_reading_time(client):
    article = ArticleFactory(
        medical_reviewer=AuthorFactory(name="Dr. B. Sample"), body="# One\n\n" + "word " * 450
    )
    text = text_of(client.get(article.get_absolute_url()))
    assert "Medically reviewed by Dr. B. Sample on 1 May 2025" in text
    # Its text has not changed since it was published (tests/articles/test_updated.py).
    assert "Updated on" not in text
    assert "General information, not medical advice." in text
    assert "3 min read" in text


def test_it_shows_a_table_of_contents_linking_to_the_headings(client):
    article = ArticleFactory(body="# What it is\n\nText.\n\n## Signs\n\nText.\n\n# What helps\n")
    content = client.get(article.get_absolute_url()).content.decode()
    toc = re.search(r'<nav class="article__toc".*?</nav>', content, re.S).group(0)
    assert re.findall(r'href="#([^"]+)"', toc) == ["what-it-is", "signs", "what-helps"]
    for anchor in ["what-it-is", "signs", "what-helps"]:
        assert f'id="{anchor}"' in content


def test_articles_about_causes_show_the_red_flags(client):
    causes = CategoryFactory(name="Causes", slug="causes", shows_red_flags=True)
    article = ArticleFactory(category=causes)
    text = text_of(client.get(article.get_absolute_url()))
    assert "See a doctor at once if…" in text
    assert "bladder or bowels" in text
    assert "saddle" in text


def test_an_article_can_ask_for_red_flags_outside_such_a_category(client):
    article = ArticleFactory(shows_red_flags=True)
    assert "See a doctor at once if" in text_of(client.get(article.get_absolute_url()))


def test_other_articles_do_not_show_red_flags(client):
    article = ArticleFactory()
    assert "See a doctor at once if" not in text_of(client.get(article.get_absolute_url()))


def test_find_care_lists_providers_offering_or_treating_verified_first(client, care):
    article = ArticleFactory(services=[care["swedish"], care["deep"]], conditions=[care["strain"]])
    response = client.get(article.get_absolute_url())
    shown = [card.provider.name for card in response.context["providers"]]
    assert shown == ["Zeta verified", "Offers Swedish", "Treats strain"]
    text = text_of(response)
    assert "Find care for this" in text
    assert "Only cupping" not in text and "Hidden one" not in text


def directory_links(client, article):
    """{label: directory query} of the article's "Find care for this" links."""
    content = client.get(article.get_absolute_url()).content.decode()
    found = re.findall(r'<a class="button" href="(/providers/\?[^"]+)">([^<]+)</a>', content)
    return {label: parse_qs(urlsplit(html.unescape(url)).query) for url, label in found}


def test_find_care_links_to_the_directory_of_each_kind_of_care_it_samples(client, care):
    article = ArticleFactory(services=[care["swedish"], care["deep"]], conditions=[care["strain"]])

    assert directory_links(client, article) == {
        "Every provider offering deep tissue massage or swedish massage": {
            "service": ["deep-tissue-massage", "swedish-massage"]
        },
        "Every provider treating muscle strain": {"condition": ["muscle-strain"]},
    }


def test_find_care_s_links_list_every_provider_it_samples(client, care):
    # The directory ANDs services with conditions; the section lists providers doing either.
    article = ArticleFactory(services=[care["swedish"], care["deep"]], conditions=[care["strain"]])
    shown = client.get(article.get_absolute_url()).context["providers"]
    sampled = {card.provider.name for card in shown}

    listed = set()
    for query in directory_links(client, article).values():
        listed |= set(names(client.get("/providers/", query)))

    assert sampled == listed == {"Zeta verified", "Offers Swedish", "Treats strain"}


def test_find_care_with_only_services_links_to_them_alone(client, care):
    article = ArticleFactory(services=[care["swedish"]])

    assert directory_links(client, article) == {
        "Every provider offering swedish massage": {"service": ["swedish-massage"]}
    }


def test_find_care_s_cards_list_the_article_s_services_first(client, care):
    cupping = ServiceFactory(name="Cupping therapy", slug="cupping-therapy")
    ProviderFactory(
        name="Cheap cupping", services=[(cupping, Decimal("20")), (care["deep"], Decimal("90"))]
    )
    article = ArticleFactory(services=[care["deep"]])

    text = text_of(client.get(article.get_absolute_url()))

    assert "Deep tissue massage · from SGD 90 Cupping therapy · from SGD 20" in text


def test_find_care_with_only_conditions_does_not_list_every_provider(client, care):
    article = ArticleFactory(conditions=[care["strain"]])
    shown = client.get(article.get_absolute_url()).context["providers"]
    assert [card.provider.name for card in shown] == ["Treats strain"]


def test_find_care_shows_at_most_six(client, care):
    for n in range(8):
        ProviderFactory(name=f"Extra {n}", services=[care["swedish"]])
    article = ArticleFactory(services=[care["swedish"]])
    assert len(client.get(article.get_absolute_url()).context["providers"]) == FIND_CARE_LIMIT


def test_an_article_without_topics_has_no_find_care_section(client, care):
    article = ArticleFactory()
    assert "Find care for this" not in text_of(client.get(article.get_absolute_url()))


def test_the_page_costs_at_most_seven_queries(client, care, django_assert_max_num_queries):
    english = LanguageFactory(name="English", slug="english")
    for n in range(6):
        provider = ProviderFactory(
            name=f"Full card {n}", services=[care["swedish"], care["deep"]], languages=[english]
        )
        LocationFactory(provider=provider, hours=ALL_WEEK)
        LocationFactory(provider=provider, hours=ALL_WEEK)
    article = ArticleFactory(services=[care["swedish"], care["deep"]], conditions=[care["strain"]])
    # Once per connection, SQLite's backend asks whether JSON is supported; not per page.
    client.get(article.get_absolute_url())
    with django_assert_max_num_queries(7):
        response = client.get(article.get_absolute_url())
    assert len(response.context["providers"]) == 6


def test_it_has_open_graph_tags_and_a_canonical_link(client):
    article = ArticleFactory(title="Strains", seo_title="Back strain explained", summary="Short.")
    content = client.get(article.get_absolute_url()).content.decode()
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in content
    assert '<meta property="og:title" content="Back strain explained">' in content
    assert '<meta property="og:description" content="Short.">' in content
    assert f'<meta property="og:url" content="{url}">' in content
    assert '<meta property="og:type" content="article">' in content


def test_json_ld_is_a_medical_web_page_with_its_review(client, care):
    article = ArticleFactory(
        title="Muscle strain",
        medical_reviewer=AuthorFactory(name="Dr. B. Sample"),
        services=[care["swedish"]],
        conditions=[care["strain"]],
    )
    content = client.get(article.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1)
    data = json.loads(raw)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["headline"] == "Muscle strain"
    assert data["lastReviewed"] == "2025-05-01"
    assert data["reviewedBy"]["name"] == "Dr. B. Sample"
    assert {"@type": "MedicalCondition", "name": "Muscle strain"}.items() <= data["about"][
        0
    ].items()
    assert data["about"][1]["@type"] == "MedicalTherapy"
    assert data["datePublished"] and data["dateModified"]


@pytest.mark.parametrize(
    "slug", ["missing", "a" * 300, "%E2%9C%93", "..", "x'%20OR%201=1", "<script>"]
)
def test_an_unknown_slug_is_a_404(client, slug):
    assert client.get(f"/articles/{slug}/").status_code == 404
