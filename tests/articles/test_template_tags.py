"""The tags the directory's pages use to list articles, without importing `articles`."""

import pytest
from django.template import Context, Template

from articles.models import Status
from tests.articles.factories import ArticleFactory
from tests.factories import ConditionFactory, ProviderFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load articles %}" + source).render(Context(context))


def test_related_articles_for_a_service(django_assert_num_queries):
    swedish = ServiceFactory(name="Swedish massage")
    ArticleFactory(title="About Swedish", services=[swedish])
    ArticleFactory(title="Unrelated")
    ArticleFactory(title="Draft Swedish", services=[swedish], status=Status.DRAFT)
    with django_assert_num_queries(1):
        html = render("{% related_articles service=term %}", term=swedish)
    assert "About Swedish" in html
    assert "Unrelated" not in html and "Draft Swedish" not in html


def test_related_articles_for_a_condition(django_assert_num_queries):
    strain = ConditionFactory(name="Muscle strain")
    ArticleFactory(title="About strain", conditions=[strain])
    ArticleFactory(title="Unrelated")
    with django_assert_num_queries(1):
        html = render("{% related_articles condition=term %}", term=strain)
    assert "About strain" in html and "Unrelated" not in html


def test_related_articles_for_a_provider(django_assert_num_queries):
    swedish = ServiceFactory(name="Swedish massage")
    strain = ConditionFactory(name="Muscle strain")
    other = ServiceFactory(name="Cupping")
    provider = ProviderFactory(services=[swedish], conditions=[strain])
    ArticleFactory(title="Via service", services=[swedish])
    ArticleFactory(title="Via condition", conditions=[strain])
    ArticleFactory(title="Both", services=[swedish], conditions=[strain])
    ArticleFactory(title="Unrelated", services=[other])
    with django_assert_num_queries(1):
        html = render("{% related_articles provider=provider %}", provider=provider)
    assert html.count("Both") == 1
    assert "Via service" in html and "Via condition" in html and "Unrelated" not in html


def test_latest_articles(django_assert_num_queries):
    for n in range(5):
        ArticleFactory(title=f"Article number {n}")
    with django_assert_num_queries(1):
        html = render("{% latest_articles 3 %}")
    assert html.count("Article number") == 3


def test_the_tags_render_nothing_without_articles():
    assert render("{% latest_articles 3 %}").strip() == ""
    term = ServiceFactory()
    assert render("{% related_articles service=term %}", term=term).strip() == ""
