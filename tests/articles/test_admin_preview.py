"""The preview beside the Markdown: the body rendered by the server, sanitised as on save."""

import pytest
from django.test import Client

from articles.rendering import render
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PREVIEW = "/admin/articles/article/preview/"


def test_it_renders_markdown_as_readers_will_see_it(editor_client):
    response = editor_client.post(PREVIEW, {"body": "# Heat\n\nWarmth **relaxes**."})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    html = response.json()["html"]
    assert '<h2 id="heat">Heat</h2>' in html
    assert "<strong>relaxes</strong>" in html


def test_it_sanitises_scripts_and_event_handlers(editor_client):
    body = 'Hi <script>alert(1)</script> <img src="/media/a.png" onerror="alert(2)">'
    html = editor_client.post(PREVIEW, {"body": body}).json()["html"]
    assert "<script" not in html and "alert(1)" not in html
    assert "onerror" not in html


def test_it_is_the_html_saving_would_store(editor_client):
    body = "- one\n- [two](javascript:alert(1))\n"
    assert editor_client.post(PREVIEW, {"body": body}).json()["html"] == render(body).html


def test_it_rejects_get(editor_client):
    assert editor_client.get(PREVIEW).status_code == 405


def test_it_is_forbidden_to_staff_who_are_not_editors(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.post(PREVIEW, {"body": "x"}).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.post(PREVIEW, {"body": "x"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_it_needs_the_csrf_token(editor):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    assert browser.post(PREVIEW, {"body": "x"}).status_code == 403


def test_the_change_form_carries_the_labelled_preview_panel(editor_client):
    content = editor_client.get("/admin/articles/article/add/").content.decode()
    assert 'id="article-preview"' in content
    assert 'aria-labelledby="article-preview-heading"' in content
    assert 'aria-live="polite"' in content
    assert f'data-preview-url="{PREVIEW}"' in content
    assert "js/article-preview.js" in content
