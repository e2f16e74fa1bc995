"""Reading the sitemap as a search engine does: the index, then every page of every section."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(response):
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]


def sitemap_pages(client):
    """The addresses of the sitemaps the index at /sitemap.xml names."""
    index = client.get("/sitemap.xml")
    assert ET.fromstring(index.content).tag == f"{SITEMAP}sitemapindex"
    return locations(index)


def sitemap_urls(client):
    """Every address in every sitemap the index names."""
    found = []
    for page in sitemap_pages(client):
        address = urlsplit(page)
        found += locations(client.get(f"{address.path}?{address.query}"))
    return found
