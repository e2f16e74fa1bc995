"""
The sitemap: an index at /sitemap.xml naming one sitemap per section (/sitemap-providers.xml,
…), each in pages of at most `limit` addresses (?p=2, …), so that every listing is in it at any
size (a single sitemap holds 50,000 addresses at most) and no request renders more than a page.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from providers.models import Area, Condition, Provider, Service


class UpdatedSitemap(Sitemap):
    """Items with an `updated_at`: the index's date for the section is one MAX() query."""

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Sitemap's own reads every item to find the latest.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ProviderSitemap(UpdatedSitemap):
    changefreq = "weekly"
    # A page of addresses renders in about a quarter of a second.
    limit = 5000

    def items(self):
        return Provider.objects.listed().only("slug", "updated_at").order_by("pk")


class TermSitemap(Sitemap):
    changefreq = "monthly"

    def __init__(self, model):
        self.model = model

    def items(self):
        return self.model.objects.only("slug").order_by("pk")


SITEMAPS = {
    "providers": ProviderSitemap,
    "services": TermSitemap(Service),
    "conditions": TermSitemap(Condition),
    "areas": TermSitemap(Area),
}
