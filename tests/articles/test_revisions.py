"""Every save keeps a revision; editors see the history, compare two and restore one."""

import pytest

from articles.models import Article
from tests.articles.factories import ArticleFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def revised(editor):
    """An article saved three times, by Eve, with different bodies."""
    article = ArticleFactory(title="First title", body="Line one.\nLine two.")
    article.title = "Second title"
    article._history_user = editor
    article.save()
    article.body = "Line one.\nLine 2, rewritten.\nLine three."
    article._history_user = editor
    article._change_reason = "Added a line"
    article.save()
    return article


def test_every_save_keeps_a_revision_with_who_and_when(revised, editor):
    revisions = list(revised.history.all())
    assert len(revisions) == 3
    newest = revisions[0]
    assert newest.history_user == editor
    assert newest.history_change_reason == "Added a line"
    assert newest.history_date is not None
    assert [r.title for r in revisions] == ["Second title", "Second title", "First title"]


def test_an_editor_sees_the_history_with_what_changed(editor_client, revised):
    response = editor_client.get(f"/admin/articles/article/{revised.pk}/history/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Added a line" in content
    assert "First title" in content and "Second title" in content
    assert "Compare" in content


def test_an_editor_compares_two_revisions(editor_client, revised):
    newest, _, oldest = revised.history.all()
    response = editor_client.get(
        f"/admin/articles/article/{revised.pk}/history/compare/",
        {"older": oldest.history_id, "newer": newest.history_id},
    )
    assert response.status_code == 200
    changes = {change["label"]: change for change in response.context["changes"]}
    assert set(changes) == {"Title", "Body"}
    assert (changes["Title"]["old"], changes["Title"]["new"]) == ("First title", "Second title")
    assert ("removed", "Line two.") in changes["Body"]["lines"]
    assert ("added", "Line three.") in changes["Body"]["lines"]
    assert ("same", "Line one.") in changes["Body"]["lines"]


@pytest.mark.parametrize("query", [{}, {"older": "x", "newer": "1"}, {"older": 999, "newer": 998}])
def test_comparing_needs_two_revisions_of_this_article(editor_client, revised, query):
    url = f"/admin/articles/article/{revised.pk}/history/compare/"
    assert editor_client.get(url, query).status_code == 404


def test_comparing_revisions_of_another_article_is_a_404(editor_client, revised):
    other = ArticleFactory()
    foreign = other.history.get()
    own = revised.history.first()
    response = editor_client.get(
        f"/admin/articles/article/{revised.pk}/history/compare/",
        {"older": foreign.history_id, "newer": own.history_id},
    )
    assert response.status_code == 404


def test_an_editor_restores_an_earlier_revision(editor_client, revised, editor):
    oldest = revised.history.last()
    form_url = f"/admin/articles/article/{revised.pk}/history/{oldest.history_id}/"
    response = editor_client.get(form_url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["services"] = []
    data["conditions"] = []
    data["change_note"] = "Restored the first version"
    response = editor_client.post(form_url, data)
    assert response.status_code == 302
    revised.refresh_from_db()
    assert revised.title == "First title"
    assert revised.body == "Line one.\nLine two."
    assert "Line two." in revised.body_html
    restored = revised.history.first()
    assert revised.history.count() == 4
    assert restored.history_user == editor
    assert restored.history_change_reason == "Restored the first version"


def test_someone_without_article_permissions_cannot_see_the_history(client, revised):
    client.force_login(UserFactory(is_staff=True, groups=["Moderators"]))
    assert client.get(f"/admin/articles/article/{revised.pk}/history/").status_code == 403
    newest, _, oldest = revised.history.all()
    response = client.get(
        f"/admin/articles/article/{revised.pk}/history/compare/",
        {"older": oldest.history_id, "newer": newest.history_id},
    )
    assert response.status_code == 403
    assert Article.objects.get().title == "Second title"
