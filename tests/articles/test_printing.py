"""The printable checklist: a Print button (with JavaScript), and on paper, where it came from."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

CHECKLIST = "# Before you book\n\nAsk.\n\n# Checklist: questions to ask\n\n- Your training?\n"
CSS = Path(settings.BASE_DIR) / "static" / "css" / "articles.css"


def page(client, article):
    return client.get(article.get_absolute_url()).content.decode()


def test_an_article_with_a_checklist_has_a_print_button_that_its_script_reveals(client):
    content = page(client, ArticleFactory(body=CHECKLIST))

    button = re.search(r"<button[^>]*data-print[^>]*>([^<]*)</button>", content)
    assert button.group(1) == "Print this checklist"
    assert 'type="button"' in button.group(0)
    # Hidden until js/print.js runs: with JavaScript off it would do nothing.
    assert " hidden" in button.group(0)
    assert re.search(r'<script src="[^"]*js/print\.js" defer></script>', content)
    assert "onclick" not in content


def test_other_articles_have_neither_button_nor_script(client):
    content = page(client, ArticleFactory())
    assert "data-print" not in content
    assert "print.js" not in content


def test_on_paper_the_page_names_the_site_and_its_full_address(client):
    article = ArticleFactory(body=CHECKLIST)
    content = page(client, article)

    origins = re.findall(r'<p class="print-only print-origin">(.*?)</p>', content, re.S)
    address = f"http://testserver{article.get_absolute_url()}"
    assert len(origins) == 2
    for origin in origins:
        assert settings.SITE_NAME in origin
        assert address in origin


def test_the_print_styles_show_the_origin_and_hide_navigation_footer_and_the_button():
    css = CSS.read_text()
    screen, printed = css.split("@media print {", 1)
    printed = printed.split("\n}\n", 1)[0]
    assert ".print-only { display: none; }" in screen
    hidden = printed.split("{ display: none !important; }")[0]
    for selector in [".site-header", ".site-footer", ".breadcrumbs", ".print-action", "nav"]:
        assert selector in hidden
    assert ".print-only { display: block; }" in printed


def test_the_script_only_calls_the_browsers_print():
    script = (Path(settings.BASE_DIR) / "static" / "js" / "print.js").read_text()
    assert "window.print()" in script
    assert "button.hidden = false" in script
