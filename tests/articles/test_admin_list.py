"""The article list in the admin: what each status reads, its filter, and publishing from it."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from articles.models import Article, Status
from tests.articles.factories import ArticleFactory
from tests.conftest import CommittingClient

pytestmark = pytest.mark.django_db

# 16:30 UTC is 00:30 the next day in the site's time zone (Asia/Singapore), after CURRENT_TIME.
TOMORROW_UTC = datetime.datetime(2026, 11, 25, 16, 30, tzinfo=datetime.UTC)
LIST = "/admin/articles/article/"


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize(
    ("status", "published_at", "reads"),
    [
        (Status.DRAFT, None, "Draft"),
        (Status.PUBLISHED, TOMORROW_UTC, "Scheduled for 26 Nov 2026, 00:30"),
        (Status.PUBLISHED, datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC), "Published"),
        (Status.ARCHIVED, datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC), "Archived"),
    ],
)
def test_the_list_says_each_status_as_readers_live_it(
    editor_client, frozen_clock, status, published_at, reads
):
    ArticleFactory(title="The one", status=status, published_at=published_at)
    response = editor_client.get(LIST)
    assert f'<td class="field-status_now">{reads}</td>' in response.content.decode()


def test_the_status_filter_tells_scheduled_from_published(editor_client, frozen_clock):
    ArticleFactory(title="Out already")
    ArticleFactory(title="Coming tomorrow", published_at=TOMORROW_UTC)
    ArticleFactory(title="Still a draft", status=Status.DRAFT, published_at=None)

    def titles(state):
        response = editor_client.get(LIST, {"state": state})
        return {article.title for article in response.context["cl"].result_list}

    assert titles("scheduled") == {"Coming tomorrow"}
    assert titles("published") == {"Out already"}
    assert titles("draft") == {"Still a draft"}
    assert titles("archived") == set()


def test_publishing_a_scheduled_article_now_makes_its_page_public(editor_client, frozen_clock):
    patient = CommittingClient()
    article = ArticleFactory(title="Coming tomorrow", published_at=TOMORROW_UTC)
    assert patient.get(article.get_absolute_url()).status_code == 404

    response = editor_client.post(
        LIST, {"action": "publish", "_selected_action": [article.pk]}, follow=True
    )

    article.refresh_from_db()
    assert article.is_public
    assert article.published_at <= timezone.now()
    assert messages_of(response) == [
        "Published 1 article: it is public now. 1 article was scheduled for later: "
        "it is published from now instead."
    ]
    assert patient.get(article.get_absolute_url()).status_code == 200
    assert article.history.first().history_change_reason == "Published now from the article list"


def test_publishing_several_says_articles_in_the_plural(editor_client, frozen_clock):
    drafts = ArticleFactory.create_batch(2, status=Status.DRAFT, published_at=None)
    already = ArticleFactory()
    response = editor_client.post(
        LIST,
        {"action": "publish", "_selected_action": [a.pk for a in [*drafts, already]]},
        follow=True,
    )
    assert messages_of(response) == [
        "Published 2 articles: they are public now.",
        "1 article was already public.",
    ]
    assert Article.objects.published().count() == 3
    assert already.published_at == Article.objects.get(pk=already.pk).published_at


def test_publishing_at_the_publish_time_says_it_stays_scheduled(editor_client, frozen_clock):
    article = ArticleFactory(title="Heat or ice", status=Status.DRAFT, published_at=TOMORROW_UTC)
    response = editor_client.post(
        LIST, {"action": "publish_on_schedule", "_selected_action": [article.pk]}, follow=True
    )
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_at == TOMORROW_UTC
    assert article.is_scheduled
    assert messages_of(response) == [
        "“Heat or ice” is scheduled: it stays hidden until 26 Nov 2026, 00:30."
    ]


def test_an_article_without_a_medical_reviewer_is_not_published_from_the_list(
    editor_client, frozen_clock
):
    article = ArticleFactory(
        title="Unreviewed", status=Status.DRAFT, published_at=None, medical_reviewer=None
    )
    response = editor_client.post(
        LIST, {"action": "publish", "_selected_action": [article.pk]}, follow=True
    )
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert messages_of(response) == [
        "1 article not published: it needs its medical reviewer (Unreviewed)."
    ]


def test_archiving_says_how_many_in_the_plural(editor_client, frozen_clock):
    articles = ArticleFactory.create_batch(2)
    response = editor_client.post(
        LIST, {"action": "archive", "_selected_action": [a.pk for a in articles]}, follow=True
    )
    assert messages_of(response) == ["Archived 2 articles: they are no longer public."]
    assert not Article.objects.published().exists()
