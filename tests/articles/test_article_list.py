"""/articles/: newest first, by category, a page at a time; bad input never fails."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from tests.articles.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def _ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_it_lists_published_articles_newest_first(client):
    ArticleFactory(title="Older", published_at=_ago(5))
    ArticleFactory(title="Newest", published_at=_ago(1))
    ArticleFactory(title="Middle", published_at=_ago(3))
    response = client.get("/articles/")
    assert [a.title for a in response.context["page_obj"]] == ["Newest", "Middle", "Older"]


def test_it_filters_by_category(client):
    causes = CategoryFactory(name="Causes", slug="causes")
    ArticleFactory(title="Strain", category=causes)
    ArticleFactory(title="Massage")
    response = client.get("/articles/?category=causes")
    assert response.status_code == 200
    assert [a.title for a in response.context["page_obj"]] == ["Strain"]
    assert b'<link rel="canonical" href="http://testserver/articles/?category=causes">' in (
        response.content
    )


@pytest.mark.parametrize(
    "value", ["nope", "'; DROP TABLE x;--", "<script>", "ü" * 50, "x" * 10_000]
)
def test_an_unknown_category_is_a_404(client, value):
    CategoryFactory(slug="causes")
    assert client.get("/articles/", {"category": value}).status_code == 404


def test_it_is_paginated(client):
    for n in range(settings.DIRECTORY_PAGE_SIZE + 3):
        ArticleFactory(published_at=_ago(n + 1))
    first = client.get("/articles/")
    second = client.get("/articles/?page=2")
    assert len(first.context["page_obj"]) == settings.DIRECTORY_PAGE_SIZE
    assert len(second.context["page_obj"]) == 3
    assert b'href="/articles/?page=2"' in first.content


def test_page_two_onwards_is_its_own_canonical_address(client):
    causes = CategoryFactory(slug="causes")
    for n in range(settings.DIRECTORY_PAGE_SIZE + 1):
        ArticleFactory(category=causes, published_at=_ago(n + 1))

    response = client.get("/articles/?page=2&category=causes")

    canonical = "http://testserver/articles/?category=causes&amp;page=2"
    assert f'<link rel="canonical" href="{canonical}">' in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "0", "99999", "1.5", "", "9" * 50, "２"])
def test_a_bad_page_number_shows_a_clean_page(client, page):
    ArticleFactory()
    response = client.get("/articles/", {"page": page})
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 1


def test_an_empty_list_says_so(client):
    response = client.get("/articles/")
    assert response.status_code == 200
    assert b"No articles yet" in response.content


def test_the_list_costs_few_queries(client, django_assert_max_num_queries):
    for n in range(10):
        ArticleFactory(published_at=_ago(n + 1))
    with django_assert_max_num_queries(3):
        client.get("/articles/")
