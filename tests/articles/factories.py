"""Test data for articles; directory objects come from tests/factories.py."""

import datetime

import factory
from django.utils import timezone

from articles.models import Article, Category, Source, Status
from tests.conftest import committed
from tests.factories import ModelFactory


class CategoryFactory(ModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    description = "Articles about one thing."

    class Meta:
        model = Category
        django_get_or_create = ["slug"]


class ArticleFactory(ModelFactory):
    """
    A published article (an hour ago). Pass `status=Status.DRAFT`, a future `published_at`,
    `services=[...]` and `conditions=[...]` as needed.
    """

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short summary of the article."
    body = (
        "# First section\n\nSome words.\n\n## A subsection\n\nMore words.\n\n"
        "# Second section\n\nEnd."
    )
    category = factory.SubFactory(CategoryFactory)
    author = "Writer Example"
    medical_reviewer = "Dr. A. Example (fictional)"
    reviewed_on = datetime.date(2025, 5, 1)
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    class Meta:
        model = Article
        skip_postgeneration_save = True

    @factory.post_generation
    def services(self, create, services, **kwargs):
        if services:
            with committed():
                self.services.add(*services)

    @factory.post_generation
    def conditions(self, create, conditions, **kwargs):
        if conditions:
            with committed():
                self.conditions.add(*conditions)


class SourceFactory(ModelFactory):
    article = factory.SubFactory(ArticleFactory)
    title = "Low back pain and sciatica in over 16s: assessment and management (NG59)"
    publisher = "National Institute for Health and Care Excellence (NICE)"
    year = 2016
    url = "https://www.nice.org.uk/guidance/ng59"
    order = factory.Sequence(lambda n: n)

    class Meta:
        model = Source
