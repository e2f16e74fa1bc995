"""An author's page: who they are, what they wrote and reviewed; bylines link to it."""

import json
import re

import pytest
from django.core.management import call_command

from articles.models import Status
from tests.articles.factories import ArticleFactory, AuthorFactory
from tests.articles.pages import text_of
from tests.site.schemaorg import problems

pytestmark = pytest.mark.django_db

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.fixture
def wei():
    return AuthorFactory(
        name="Tan Wei Ling",
        slug="tan-wei-ling",
        role="Medical reviewer",
        credentials="MBBS (fictional)",
        bio="A family doctor (fictional) who checks our articles on back pain.",
        website="https://example.org/wei",
    )


def test_it_says_who_they_are_and_lists_what_they_wrote_and_reviewed(client, wei):
    ArticleFactory(title="Heat or ice?", author=wei)
    ArticleFactory(title="Spinal stenosis", medical_reviewer=wei)
    ArticleFactory(title="A draft of theirs", author=wei, status=Status.DRAFT, published_at=None)
    ArticleFactory(title="Someone else's")

    response = client.get("/articles/authors/tan-wei-ling/")

    assert response.status_code == 200
    text = text_of(response)
    assert "Tan Wei Ling" in text
    assert "Medical reviewer · MBBS (fictional)" in text
    assert "A family doctor (fictional) who checks our articles" in text
    written = text.split("Articles by Tan Wei Ling")[1].split("Articles medically reviewed")[0]
    assert "Heat or ice?" in written
    assert "Spinal stenosis" not in written
    reviewed = text.split("Articles medically reviewed by Tan Wei Ling")[1]
    assert "Spinal stenosis" in reviewed
    assert "A draft of theirs" not in text
    assert "Someone else's" not in text


def test_its_json_ld_is_the_person(client, wei):
    ArticleFactory(author=wei)
    content = client.get(wei.get_absolute_url()).content.decode()
    person = next(
        block for block in map(json.loads, SCRIPT.findall(content)) if block["@type"] == "Person"
    )
    assert person == {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": "http://testserver/articles/authors/tan-wei-ling/",
        "name": "Tan Wei Ling",
        "url": "http://testserver/articles/authors/tan-wei-ling/",
        "description": "A family doctor (fictional) who checks our articles on back pain.",
        "jobTitle": "Medical reviewer",
        "honorificSuffix": "MBBS (fictional)",
        "sameAs": "https://example.org/wei",
    }
    assert problems(person) == []


def test_a_team_is_an_organisation(client):
    team = AuthorFactory(name="Editorial team", is_team=True, role="Editors")
    article = ArticleFactory(author=team)
    page = json.loads(SCRIPT.findall(client.get(article.get_absolute_url()).content.decode())[0])
    assert page["author"]["@type"] == "Organization"
    assert page["author"]["url"] == f"http://testserver{team.get_absolute_url()}"


def test_bylines_link_to_the_author_and_the_reviewer(client, wei):
    article = ArticleFactory(
        author=AuthorFactory(name="Eve Editor", slug="eve"), medical_reviewer=wei
    )
    content = client.get(article.get_absolute_url()).content.decode()
    assert 'By <a href="/articles/authors/eve/">Eve Editor</a>' in content
    assert (
        'Medically reviewed by <a href="/articles/authors/tan-wei-ling/">Tan Wei Ling</a>, '
        "MBBS (fictional)"
    ) in content


def test_an_author_with_nothing_published_is_not_indexed(client):
    nobody = AuthorFactory(slug="new-writer")
    ArticleFactory(author=nobody, status=Status.DRAFT, published_at=None)
    content = client.get(nobody.get_absolute_url()).content.decode()
    assert '<meta name="robots" content="noindex, follow">' in content
    assert "No published articles yet." in content


def test_an_unknown_author_is_a_404(client):
    assert client.get("/articles/authors/nobody/").status_code == 404


def test_the_sitemap_lists_authors_with_published_articles_only(client, wei):
    ArticleFactory(medical_reviewer=wei, author=AuthorFactory(slug="writer"))
    AuthorFactory(slug="idle")
    scheduled = AuthorFactory(slug="scheduled")
    ArticleFactory(author=scheduled, status=Status.PUBLISHED, published_at="2099-01-01T00:00Z")

    sitemap = client.get("/sitemap-authors.xml").content.decode()

    # The English addresses (each is listed in every language).
    addresses = re.findall(r"<loc>https?://[^/]+/articles/authors/([^/]+)/</loc>", sitemap)
    assert sorted(addresses) == ["tan-wei-ling", "writer"]


def test_the_page_costs_the_same_few_queries_however_many_articles(
    client, wei, django_assert_num_queries
):
    for _ in range(2):
        ArticleFactory(author=wei, medical_reviewer=wei)
    client.get(wei.get_absolute_url())
    with django_assert_num_queries(3):
        client.get(wei.get_absolute_url())
    for _ in range(6):
        ArticleFactory(author=wei, medical_reviewer=wei)
    with django_assert_num_queries(3):
        response = client.get(wei.get_absolute_url())
    assert len(response.context["written"]) == 8


def test_the_starter_articles_are_by_a_fictional_team_and_reviewer_with_pages(client):
    call_command("load_starter_articles", stdout=None)
    guide = client.get("/articles/finding-a-qualified-massage-therapist/").content.decode()
    team = re.search(r'By <a href="(/articles/authors/[^"]+/)">', guide).group(1)

    text = text_of(client.get(team))

    assert "Editorial team (demo content)" in text
    assert "the team is fictional" in text
    assert "How to find a qualified massage therapist" in text
