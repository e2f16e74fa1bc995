import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from articles.models import Status
from tests.articles.factories import ArticleFactory
from tests.sitemaps import sitemap_urls

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_feed_is_atom_with_published_articles_newest_first(client):
    ArticleFactory(title="Older", published_at=timezone.now() - datetime.timedelta(days=2))
    ArticleFactory(title="Newer", summary="What is new.")
    ArticleFactory(title="Draft", status=Status.DRAFT, published_at=None)
    ArticleFactory(title="Later", published_at=timezone.now() + datetime.timedelta(days=1))
    response = client.get("/articles/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Newer", "Older"]
    assert entries[0].find(f"{ATOM}summary").text == "What is new."
    assert entries[0].find(f"{ATOM}link").get("href").startswith("http://testserver/articles/")


def test_the_sitemap_lists_published_articles_only(client):
    published = ArticleFactory()
    draft = ArticleFactory(status=Status.DRAFT, published_at=None)
    archived = ArticleFactory(status=Status.ARCHIVED)
    urls = sitemap_urls(client)
    assert f"http://testserver{published.get_absolute_url()}" in urls
    assert f"http://testserver{draft.get_absolute_url()}" not in urls
    assert f"http://testserver{archived.get_absolute_url()}" not in urls
