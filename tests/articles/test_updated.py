"""
"Updated on" tells a reader the text changed after publication: never for a status change,
a re-tagging or loading the starter content, and never dated before the medical review.
"""

import datetime
import re

import pytest

from articles import starter
from articles.models import Article
from tests.articles.factories import ArticleFactory, AuthorFactory
from tests.articles.pages import text_of

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def edit(article, **changes):
    article = Article.objects.get(pk=article.pk)
    for name, value in changes.items():
        setattr(article, name, value)
    article.save()


def test_a_new_article_says_nothing_about_updates(client):
    article = ArticleFactory()

    assert "Updated on" not in text_of(client.get(article.get_absolute_url()))


def test_an_edit_to_the_text_after_publication_is_an_update(client, frozen_clock):
    article = ArticleFactory()
    frozen_clock.shift(2 * DAY)
    edit(article, body="# New\n\nRewritten.")

    response = client.get(article.get_absolute_url())

    assert "Updated on 27 November 2026" in text_of(response)
    assert '<time datetime="2026-11-27">27 November 2026</time>' in response.content.decode()


def test_a_change_of_status_or_reviewer_alone_is_no_update(client, frozen_clock):
    article = ArticleFactory()
    frozen_clock.shift(2 * DAY)
    edit(article, medical_reviewer=AuthorFactory(name="Dr. C. Other"), shows_red_flags=True)

    assert "Updated on" not in text_of(client.get(article.get_absolute_url()))


def test_an_edit_before_publication_is_no_update(client, frozen_clock):
    article = ArticleFactory(published_at=None, status="draft")
    edit(article, title="A better title")
    frozen_clock.shift(DAY)
    edit(article, status="published")

    assert "Updated on" not in text_of(client.get(article.get_absolute_url()))


def test_an_update_is_never_dated_before_the_medical_review(client, frozen_clock):
    article = ArticleFactory(reviewed_on=datetime.date(2026, 12, 1))
    frozen_clock.shift(DAY)
    edit(article, summary="Reworded.")

    assert "Updated on" not in text_of(client.get(article.get_absolute_url()))


def test_starter_articles_are_not_updated_on_the_day_they_are_loaded(client):
    starter.load()
    article = Article.objects.published().first()

    text = text_of(client.get(article.get_absolute_url()))

    assert "Published on" in text
    assert "Updated on" not in text


def test_no_time_on_an_article_page_has_more_than_three_digits_of_a_second(client, frozen_clock):
    article = ArticleFactory()
    frozen_clock.shift(DAY)
    edit(article, body="Changed.")

    content = client.get(article.get_absolute_url()).content.decode()
    list_page = client.get("/articles/").content.decode()

    for value in re.findall(r'datetime="([^"]*)"', content + list_page):
        assert not re.search(r"\.\d{4,}", value), value
