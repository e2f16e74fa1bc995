"""
A search engine's crawl of the site, to check what it may index against the indexing policy.

From `/`, it follows the site's own links (and each page's hreflang alternates, its addresses
in the site's other languages) breadth-first (leaving out what robots.txt disallows
and the static files) up to a number of pages, and then reads the sitemap. For every page it
notes the status, whether it is indexable (no `noindex` in a robots meta tag or X-Robots-Tag),
its canonical address and its title, and reports what a search engine would hold against the
site: an indexable address the policy does not allow (providers.indexing for the directory), an
indexable page whose canonical is another address, indexable pages sharing a title, an error
or a redirect a link leads to, and a sitemap address that is not an indexable page.

The pages come from a `fetch(address) -> Fetched` function: Django's test client in the tests
(tests/site/test_crawl.py), HTTP against a running server from the command line:

    python -m backpain_site.crawl http://127.0.0.1:8020 [--pages 2000]

(`bin/check-pages crawl` runs it under `make serve`.) It exits 1 when it finds a violation.
"""

import argparse
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# What robots.txt disallows (in every language: /zh-hans/admin/ too), and files that are no pages.
SKIPPED = ("/admin/", "/manage/", "/accounts/", "/language/", "/static/", "/media/")

# The pages search engines may index, by URL name, when their address has no query string;
# the directory's and the article list's queries are checked by `policy_allows`.
INDEXABLE_VIEWS = {
    "providers:home",
    "providers:detail",
    "providers:service",
    "providers:condition",
    "providers:area",
    "articles:list",
    "articles:detail",
    "articles:author",
    "privacy",
}

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass
class Fetched:
    """One response, as the crawler needs it: header names in lower case."""

    status: int
    headers: dict
    body: str = ""


@dataclass
class Page:
    """What the crawl noted of one address."""

    address: str
    status: int
    found_on: str = ""
    html: bool = False
    language: str = ""
    indexable: bool = False
    canonical: str | None = None
    title: str = ""
    location: str = ""
    links: list = field(default_factory=list)


class HeadReader(HTMLParser):
    """The robots meta tags, canonical link, title and link targets of an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.robots = []
        self.canonical = None
        self.language = ""
        self.title = ""
        self.links = []
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        rel = attrs.get("rel", "").lower().split()
        if tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        elif tag == "link" and "alternate" in rel and "hreflang" in attrs:
            self.links.append(attrs.get("href", ""))
        elif tag == "html":
            self.language = attrs.get("lang", "")
        elif tag == "meta" and attrs.get("name", "").lower() in ("robots", "googlebot"):
            self.robots.append(attrs.get("content", ""))
        elif tag == "link" and "canonical" in rel:
            self.canonical = attrs.get("href")
        elif tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def noindex(directives):
    return any("noindex" in value.lower() or "none" in value.lower() for value in directives)


def in_language_of(path):
    """The language of an address (/ms/… Malay), active: the site's addresses resolve in it."""
    from django.conf import settings
    from django.utils import translation

    return translation.override(translation.get_language_from_path(path) or settings.LANGUAGE_CODE)


def unprefixed(path):
    """An address without its language's prefix: /zh-hans/admin/ → /admin/."""
    from django.utils import translation

    language = translation.get_language_from_path(path)
    return path.removeprefix(f"/{language}") if language else path


def policy_allows(address):
    """Whether the indexing policy lets search engines index the page at this address."""
    from django.http import QueryDict
    from django.urls import Resolver404, resolve

    from providers import indexing

    parts = urlsplit(address)
    try:
        with in_language_of(parts.path):
            name = resolve(parts.path).view_name
    except Resolver404:
        return False
    query = QueryDict(parts.query)
    if name == "providers:list":
        return indexing.landing_parameters(query) is not None
    if name == "articles:list":
        # A category's list and its pages are the articles' landing pages.
        return set(query) <= {"category", "page"} and all(len(query.getlist(n)) == 1 for n in query)
    return name in INDEXABLE_VIEWS and not parts.query


@dataclass
class Report:
    """A crawl's figures and what it holds against the site, each a list of lines."""

    pages: list
    sitemap: list
    seconds: float = 0.0
    outside_policy: list = field(default_factory=list)
    canonical_elsewhere: list = field(default_factory=list)
    shared_titles: list = field(default_factory=list)
    bad_status: list = field(default_factory=list)
    bad_sitemap: list = field(default_factory=list)

    @property
    def indexable(self):
        return [page for page in self.pages if page.html and page.indexable]

    def violations(self):
        """Each kind of problem found, with its lines; empty when the site passes."""
        kinds = {
            "indexable outside the policy": self.outside_policy,
            "indexable, with a canonical elsewhere": self.canonical_elsewhere,
            "indexable pages sharing a title": self.shared_titles,
            "errors and redirects linked to": self.bad_status,
            "sitemap addresses that are not indexable pages": self.bad_sitemap,
        }
        return {kind: lines for kind, lines in kinds.items() if lines}

    def summary(self):
        statuses = Counter(page.status for page in self.pages)
        lines = [
            f"Crawled {len(self.pages)} addresses from / in {self.seconds:.0f} s "
            f"({', '.join(f'{n} × {status}' for status, n in sorted(statuses.items()))}); "
            f"{len(self.indexable)} indexable, "
            f"{sum(page.html and not page.indexable for page in self.pages)} noindex; "
            f"{len(self.sitemap)} sitemap addresses.",
        ]
        for kind, found in self.violations().items():
            lines.append(f"{kind}: {len(found)}")
            lines += [f"  {line}" for line in found[:20]]
            if len(found) > 20:
                lines.append(f"  … and {len(found) - 20} more")
        lines.append(f"Violations: {sum(len(found) for found in self.violations().values())}")
        return "\n".join(lines)


class Crawler:
    """
    A breadth-first crawl of one site. `site` is its scheme and host as its pages write them
    in absolute addresses ("http://testserver"); addresses are kept as path and query.
    """

    def __init__(self, fetch, site, limit=2000):
        self.fetch = fetch
        self.site = site.rstrip("/")
        self.limit = limit

    def address(self, href, base):
        """The same-site address a link leads to (path and query), or None to leave it."""
        target = urlsplit(urljoin(self.site + base, href.strip()))
        if f"{target.scheme}://{target.netloc}" != self.site:
            return None
        if unprefixed(target.path).startswith(SKIPPED):
            return None
        return target.path + (f"?{target.query}" if target.query else "")

    def visit(self, address, found_on=""):
        response = self.fetch(address)
        page = Page(address, response.status, found_on=found_on)
        page.location = response.headers.get("location", "")
        if response.status != 200 or "html" not in response.headers.get("content-type", ""):
            return page
        reader = HeadReader()
        reader.feed(response.body)
        page.html = True
        page.indexable = not noindex([*reader.robots, response.headers.get("x-robots-tag", "")])
        page.canonical = reader.canonical
        page.language = reader.language
        page.title = " ".join(reader.title.split())
        page.links = reader.links
        return page

    def crawl(self, start="/"):
        pages = {}
        queue = deque([(start, "")])
        queued = {start}
        while queue and len(pages) < self.limit:
            address, found_on = queue.popleft()
            page = pages[address] = self.visit(address, found_on)
            targets = page.links
            if page.location:
                targets = [page.location]
            for href in targets:
                target = self.address(href, address)
                if target is not None and target not in queued:
                    queued.add(target)
                    queue.append((target, address))
        return pages

    def sitemap(self):
        """Every address the sitemap index's sitemaps list (as path and query)."""
        found = []
        index = self.fetch("/sitemap.xml")
        for sitemap in ET.fromstring(index.body).iter(f"{SITEMAP}loc"):
            section = self.fetch(self.address(sitemap.text, "/"))
            for loc in ET.fromstring(section.body).iter(f"{SITEMAP}loc"):
                found.append(self.address(loc.text, "/") or loc.text)
        return found

    def run(self):
        started = time.monotonic()
        pages = self.crawl()
        sitemap = self.sitemap()
        report = Report(list(pages.values()), sitemap)
        for page in report.pages:
            self.judge(page, report)
        # A page and its translation may share a title (a provider's name): their hreflang
        # alternates tell search engines they are one page.
        titles = defaultdict(list)
        for page in report.indexable:
            titles[page.language, page.title].append(page.address)
        report.shared_titles = [
            f"{title!r}: {' '.join(addresses)}"
            for (language, title), addresses in titles.items()
            if len(addresses) > 1
        ]
        for address in sitemap:
            page = pages.get(address) or self.visit(address)
            if not (page.html and page.indexable):
                report.bad_sitemap.append(f"{address} ({page.status}, not indexable)")
            elif page.canonical != self.site + address:
                report.bad_sitemap.append(f"{address} (canonical {page.canonical})")
        report.seconds = time.monotonic() - started
        return report

    def judge(self, page, report):
        where = f"(linked from {page.found_on or 'nowhere'})"
        if page.status != 200:
            report.bad_status.append(
                f"{page.status} {page.address} {where}"
                + (f" → {page.location}" if page.location else "")
            )
        if not (page.html and page.indexable):
            return
        if not policy_allows(page.address):
            report.outside_policy.append(f"{page.address} {where}")
        if page.canonical != self.site + page.address:
            report.canonical_elsewhere.append(
                f"{page.address} → {page.canonical or 'no canonical'} {where}"
            )


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is reported as it is, not followed, so that its address is noted."""

    def redirect_request(self, *args, **kwargs):
        return None


def http_fetcher(site):
    opener = urllib.request.build_opener(NoRedirects)

    def fetch(address):
        try:
            with opener.open(site + address, timeout=60) as response:
                status, headers, body = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, body = error.code, error.headers, error.read()
        headers = {name.lower(): value for name, value in headers.items()}
        return Fetched(status, headers, body.decode("utf-8", "replace"))

    return fetch


def main(argv=None):
    import django

    parser = argparse.ArgumentParser(description="Crawl a running site from / and check it.")
    parser.add_argument("site", help="the site's address, e.g. http://127.0.0.1:8020")
    parser.add_argument("--pages", type=int, default=2000, help="at most this many (2000)")
    options = parser.parse_args(argv)
    # The policy resolves addresses with the site's URLs.
    django.setup()
    site = options.site.rstrip("/")
    report = Crawler(http_fetcher(site), site, options.pages).run()
    print(report.summary())
    return 1 if report.violations() else 0


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backpain_site.settings")
    sys.exit(main())
