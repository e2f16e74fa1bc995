"""
A search engine's crawl from / (backpain_site.crawl) finds nothing indexable outside the
indexing policy, no canonical pointing elsewhere, no shared title, no broken link and a clean
sitemap; and the crawler itself notices each of those.
"""

import pytest
from django.core.cache import cache

from backpain_site.crawl import Crawler, Fetched, policy_allows
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

SITE = "http://testserver"


def client_fetcher(client):
    def fetch(address):
        response = client.get(address)
        headers = {name.lower(): value for name, value in response.items()}
        return Fetched(response.status_code, headers, response.content.decode())

    return fetch


@pytest.fixture
def site(directory, settings):
    """The test directory, one result a page so that landing pages have page 2 and on."""
    settings.DIRECTORY_PAGE_SIZE = 1
    # An article named as a condition is, and linked to it: their pages' titles must differ.
    ArticleFactory(title="Sciatica", slug="sciatica", conditions=[directory.sciatica])
    ArticleFactory(title="Acupuncture", slug="acupuncture", services=[directory.acupuncture])
    return directory


@pytest.mark.parametrize("page_cache", [0, 60], ids=["fresh pages", "page cache as served"])
def test_a_crawl_from_home_finds_nothing_against_the_indexing_policy(
    client, site, settings, page_cache
):
    # The page cache puts parameters in its own order, and pages build links from them.
    settings.PAGE_CACHE_SECONDS = page_cache
    cache.clear()

    report = Crawler(client_fetcher(client), SITE, limit=300).run()

    assert report.violations() == {}
    assert len(report.pages) > 100
    assert len(report.indexable) > 30
    assert "/providers/?service=acupuncture&area=east" in {p.address for p in report.indexable}
    assert any(not page.indexable for page in report.pages if page.html)


def html(head, links=()):
    anchors = "".join(f'<a href="{href}">link</a>' for href in links)
    return f"<!doctype html><html><head>{head}</head><body>{anchors}</body></html>"


def crawl(pages):
    """A crawl of a made-up site: {address: (status, body)}, with an empty sitemap."""
    pages = {
        **pages,
        "/sitemap.xml": (
            200,
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>',
        ),
    }

    def fetch(address):
        status, body = pages.get(address, (404, "Not found"))
        return Fetched(status, {"content-type": "text/html; charset=utf-8"}, body)

    return Crawler(fetch, SITE).run()


def canonical(address):
    return f'<title>{address}</title><link rel="canonical" href="{SITE}{address}">'


def test_it_reports_an_indexable_search_and_a_broken_link():
    report = crawl(
        {
            "/": (200, html(canonical("/"), ["/providers/?q=back", "/gone/", "mailto:a@b.c"])),
            "/providers/?q=back": (200, html(canonical("/providers/?q=back"))),
        }
    )

    assert report.outside_policy == ["/providers/?q=back (linked from /)"]
    assert report.bad_status == ["404 /gone/ (linked from /)"]
    assert len(report.pages) == 3


def test_it_reports_a_canonical_elsewhere_and_a_shared_title():
    other = "/providers/?area=east&service=acupuncture"
    report = crawl(
        {
            "/": (200, html(canonical("/"), [other])),
            other: (200, html("<title>/</title>")),
        }
    )

    assert report.canonical_elsewhere == [f"{other} → no canonical (linked from /)"]
    assert report.shared_titles == [f"'/': / {other}"]


def test_it_does_not_hold_noindex_pages_against_the_site():
    report = crawl(
        {
            "/": (200, html(canonical("/"), ["/providers/?q=back"])),
            "/providers/?q=back": (200, html('<meta name="robots" content="noindex, follow">')),
        }
    )

    assert report.violations() == {}
    assert [page.indexable for page in report.pages] == [True, False]


def test_it_leaves_other_sites_and_what_robots_txt_disallows():
    report = crawl(
        {
            "/": (
                200,
                html(canonical("/"), ["https://example.org/", "/manage/", "/admin/", "#main"]),
            ),
        }
    )

    assert [page.address for page in report.pages] == ["/"]


@pytest.mark.parametrize(
    ("address", "allowed"),
    [
        ("/", True),
        ("/providers/", True),
        ("/providers/?service=acupuncture&area=east&page=2", True),
        ("/providers/?service=acupuncture&condition=sciatica", False),
        ("/providers/?q=back", False),
        ("/providers/alpha/", True),
        ("/providers/alpha/enquiry/", False),
        ("/articles/?category=causes", True),
        ("/articles/feed/", False),
        ("/?utm_source=mail", False),
        ("/no/such/page/", False),
    ],
)
def test_the_policy_decides_by_address(address, allowed):
    assert policy_allows(address) is allowed
