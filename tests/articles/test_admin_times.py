"""Editors read every time in the admin in the site's time zone (Asia/Singapore), never in UTC."""

import datetime

import pytest

from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

# 16:30 UTC is 00:30 the next day in Singapore.
UTC_EVENING = datetime.datetime(2026, 11, 24, 16, 30, tzinfo=datetime.UTC)


@pytest.fixture
def rescheduled(editor, frozen_clock):
    """An article whose publish time Eve moved to 16:30 UTC, saved at 02:30 UTC (10:30 local)."""
    article = ArticleFactory(title="Moved")
    article.published_at = UTC_EVENING
    article._history_user = editor
    article.save()
    return article


def test_the_history_shows_a_changed_time_in_the_site_time_zone(editor_client, rescheduled):
    content = editor_client.get(f"/admin/articles/article/{rescheduled.pk}/history/").content
    content = content.decode()
    assert "25 Nov 2026, 00:30" in content
    assert "16:30" not in content and "+00:00" not in content


def test_the_revisions_to_compare_are_named_by_their_local_time(editor_client, rescheduled):
    content = editor_client.get(f"/admin/articles/article/{rescheduled.pk}/history/").content
    assert "25 Nov 2026, 10:30:" in content.decode()


def test_comparing_revisions_shows_times_in_the_site_time_zone(editor_client, rescheduled):
    newer, older = rescheduled.history.all()
    response = editor_client.get(
        f"/admin/articles/article/{rescheduled.pk}/history/compare/",
        {"older": older.history_id, "newer": newer.history_id},
    )
    changes = {change["label"]: change for change in response.context["changes"]}
    assert changes["Published at"]["new"] == "25 Nov 2026, 00:30"
    assert changes["Published at"]["old"] == "25 Nov 2026, 09:30"
    content = response.content.decode()
    assert "From <strong>25 Nov 2026, 10:30:" in content
    assert "+00:00" not in content


def test_the_list_shows_publish_times_in_the_site_time_zone(editor_client, rescheduled):
    content = editor_client.get("/admin/articles/article/").content.decode()
    assert "Nov. 25, 2026, 12:30 a.m." in content
