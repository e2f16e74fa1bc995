"""Editors write articles and nothing else; clinic staff never reach the articles admin."""

import pytest
from django.contrib.auth.models import Group

from articles.models import Article, Status
from tests.articles.factories import ArticleFactory, AuthorFactory, CategoryFactory
from tests.factories import MembershipFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_editors_group_holds_article_permissions_only():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list(
            "content_type__app_label", "codename"
        )
    )
    for model in ["article", "category", "articleimage", "historicalarticle"]:
        for action in ["add", "change", "delete", "view"]:
            assert ("articles", f"{action}_{model}") in codenames
    assert {app for app, _ in codenames} == {"articles"}


# The article form's inline list of sources, left empty.
NO_SOURCES = {"sources-TOTAL_FORMS": "0", "sources-INITIAL_FORMS": "0"}


def test_an_editor_writes_a_draft_in_the_admin(editor_client, editor):
    category = CategoryFactory()
    eve = AuthorFactory(name="Eve")
    response = editor_client.post(
        "/admin/articles/article/add/",
        {
            "title": "Heat or ice?",
            "slug": "heat-or-ice",
            "category": category.pk,
            "summary": "Which helps when.",
            "body": "# Heat\n\nWarmth relaxes.\n\n- one\n- two\n",
            "author": eve.pk,
            "medical_reviewer": "",
            "status": Status.DRAFT,
            "change_note": "First draft",
            **NO_SOURCES,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="heat-or-ice")
    assert article.status == Status.DRAFT
    assert '<h2 id="heat">Heat</h2>' in article.body_html
    revision = article.history.get()
    assert revision.history_user == editor
    assert revision.history_change_reason == "First draft"


def test_publishing_needs_a_medical_reviewer(editor_client):
    category = CategoryFactory()
    eve = AuthorFactory(name="Eve")
    response = editor_client.post(
        "/admin/articles/article/add/",
        {
            "title": "Unreviewed",
            "slug": "unreviewed",
            "category": category.pk,
            "summary": "S.",
            "body": "B.",
            "author": eve.pk,
            "status": Status.PUBLISHED,
            **NO_SOURCES,
        },
    )
    assert response.status_code == 200
    assert "medical_reviewer" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_an_editor_publishes_from_the_list(editor_client):
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    editor_client.post(
        "/admin/articles/article/",
        {"action": "publish", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_at is not None
    assert article.history.count() == 2


def test_the_article_admin_lists_filters_and_searches(editor_client):
    ArticleFactory(title="Findable strain")
    ArticleFactory(title="Other")
    response = editor_client.get("/admin/articles/article/?q=findable&status__exact=published")
    assert response.status_code == 200
    assert b"Findable strain" in response.content
    assert b">Other<" not in response.content


def test_an_editor_cannot_change_a_provider(editor_client):
    provider = ProviderFactory()
    assert editor_client.get(f"/admin/providers/provider/{provider.pk}/change/").status_code == 403
    response = editor_client.post(
        f"/admin/providers/provider/{provider.pk}/change/", {"name": "Hijacked"}
    )
    assert response.status_code == 403
    provider.refresh_from_db()
    assert provider.name != "Hijacked"


def test_an_editor_cannot_list_providers(editor_client):
    assert editor_client.get("/admin/providers/provider/").status_code == 403


def test_clinic_staff_cannot_reach_the_articles_admin(client):
    """Carol keeps her clinic's listing up to date; she has no admin access."""
    carol = UserFactory(username="carol")
    MembershipFactory(user=carol)
    client.force_login(carol)
    for url in ["/admin/articles/article/", "/admin/articles/article/add/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_an_anonymous_visitor_cannot_reach_the_articles_admin(client):
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_moderator_without_article_permissions_cannot_edit_articles(client):
    article = ArticleFactory()
    client.force_login(UserFactory(is_staff=True, groups=["Moderators"]))
    assert client.get(f"/admin/articles/article/{article.pk}/change/").status_code == 403
