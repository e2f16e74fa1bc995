"""Draft → published (possibly scheduled) → archived, as patients and editors see it."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from articles.models import Article, Status
from tests.articles.factories import ArticleFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_published_article_is_visible(client):
    article = ArticleFactory(title="Why backs ache")
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert b"Why backs ache" in response.content
    assert b"Preview for editors" not in response.content


def test_a_draft_is_a_404_for_patients(client):
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert article not in Article.objects.published()


def test_a_draft_is_not_listed_in_the_feed_or_the_list(client):
    ArticleFactory(title="Secret draft", status=Status.DRAFT, published_at=None)
    assert b"Secret draft" not in client.get("/articles/").content
    assert b"Secret draft" not in client.get("/articles/feed/").content


def test_an_archived_article_is_gone(client):
    article = ArticleFactory(title="Old news", status=Status.ARCHIVED)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert b"Old news" not in client.get("/articles/").content


def test_a_scheduled_article_appears_at_its_time(client):
    publish_at = timezone.now() + datetime.timedelta(days=2)
    article = ArticleFactory(title="Coming soon", published_at=publish_at)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert b"Coming soon" not in client.get("/articles/").content

    # Freeze the clock a second before, then at the publish time: no cron, no worker.
    with mock.patch(
        "django.utils.timezone.now", return_value=publish_at - datetime.timedelta(seconds=1)
    ):
        assert client.get(article.get_absolute_url()).status_code == 404
    with mock.patch("django.utils.timezone.now", return_value=publish_at):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert b"Coming soon" in client.get("/articles/").content


def test_publishing_without_a_time_publishes_now():
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    article.status = Status.PUBLISHED
    article.save()
    assert article.published_at is not None
    assert article.published_at <= timezone.now()
    assert article in Article.objects.published()


def test_an_editor_previews_a_draft(client):
    article = ArticleFactory(title="Work in progress", status=Status.DRAFT, published_at=None)
    client.force_login(UserFactory(is_staff=True, groups=["Editors"]))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert b"Preview for editors" in response.content
    assert b'<meta name="robots" content="noindex, nofollow">' in response.content


def test_an_editor_previews_a_scheduled_article(client):
    article = ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(UserFactory(is_staff=True, groups=["Editors"]))
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert b"Scheduled" in response.content


def test_a_logged_in_non_staff_user_cannot_preview(client):
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    client.force_login(UserFactory())
    assert client.get(article.get_absolute_url()).status_code == 404


def test_staff_without_article_permission_cannot_preview(client):
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    client.force_login(UserFactory(is_staff=True, groups=["Moderators"]))
    assert client.get(article.get_absolute_url()).status_code == 404


def test_view_on_site_in_the_admin_leads_to_the_preview(client):
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    client.force_login(UserFactory(is_staff=True, groups=["Editors"]))
    change = client.get(f"/admin/articles/article/{article.pk}/change/")
    assert change.status_code == 200
    assert b"View on site" in change.content
    response = client.get(
        f"/admin/r/{change.context['content_type_id']}/{article.pk}/", follow=True
    )
    assert response.redirect_chain[-1][0].endswith(article.get_absolute_url())
    assert response.status_code == 200
