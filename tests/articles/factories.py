"""Test data for articles; directory objects come from tests/factories.py."""

import datetime

import factory
from django.utils import timezone

from articles.models import Article, Author, Category, Source, Status
from tests.conftest import committed
from tests.factories import ModelFactory


class CategoryFactory(ModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    description = "Articles about one thing."

    class Meta:
        model = Category
        django_get_or_create = ["slug"]


class AuthorFactory(ModelFactory):
    name = factory.Sequence(lambda n: f"Writer {n}")
    slug = factory.Sequence(lambda n: f"writer-{n}")
    role = "Editor"
    bio = "Writes about back pain in plain words."

    class Meta:
        model = Author
        django_get_or_create = ["name"]


class ReviewerFactory(AuthorFactory):
    name = "Dr. A. Example (fictional)"
    slug = "dr-a-example-fictional"
    role = "Medical reviewer"


class ArticleFactory(ModelFactory):
    """
    A published article (an hour ago) by Writer Example, reviewed by Dr. A. Example. Pass
    `status=Status.DRAFT`, a future `published_at`, `services=[...]`, `conditions=[...]`,
    `author=AuthorFactory(...)` or `medical_reviewer=None` as needed.
    """

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "A short summary of the article."
    body = (
        "# First section\n\nSome words.\n\n## A subsection\n\nMore words.\n\n"
        "# Second section\n\nEnd."
    )
    category = factory.SubFactory(CategoryFactory)
    author = factory.SubFactory(AuthorFactory, name="Writer Example", slug="writer-example")
    medical_reviewer = factory.SubFactory(ReviewerFactory)
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
