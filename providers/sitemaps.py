"""
The sitemap: an index at /sitemap.xml naming one sitemap per section (/sitemap-providers.xml,
…), each in pages of at most `limit` addresses (?p=2, …), so that every listing is in it at any
size (a single sitemap holds 50,000 addresses at most) and no request renders more than a page.
Every address is listed in each of the site's languages, with its translations as hreflang
alternates.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse

from providers.models import Area, Condition, Provider, Service


class TranslatedSitemap(Sitemap):
    """
    A page in each of settings.LANGUAGES (/providers/…, /zh-hans/providers/…), each listed
    with the others as its alternates and English as the x-default, as its <head> does.
    """

    i18n = True
    alternates = True
    x_default = True


class UpdatedSitemap(TranslatedSitemap):
    """Items with an `updated_at`: the index's date for the section is one MAX() query."""

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Sitemap's own reads every item to find the latest.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class ProviderSitemap(UpdatedSitemap):
    changefreq = "weekly"
    # Addresses, each with its five alternates: a page renders in about a quarter of a second.
    limit = 2000

    def items(self):
        return Provider.objects.listed().only("slug", "updated_at").order_by("pk")


class PageSitemap(TranslatedSitemap):
    """Pages that are no model's: given by their URL names."""

    changefreq = "daily"

    def __init__(self, names):
        self.names = names

    def items(self):
        return self.names

    def location(self, item):
        return reverse(item)


class TermSitemap(TranslatedSitemap):
    """
    The landing pages of a service, a condition or an area that list providers; one without
    any is noindex (templates/providers/landing_base.html), so it is left out.
    """

    changefreq = "monthly"

    def __init__(self, model, listing):
        self.model = model
        # A Q on Provider, with OuterRef("pk") for the term: the providers its page lists.
        self.listing = listing

    def items(self):
        providers = Provider.objects.listed().filter(self.listing)
        return self.model.objects.filter(Exists(providers)).only("slug").order_by("pk")


SITEMAPS = {
    "providers": ProviderSitemap,
    "services": TermSitemap(Service, Q(offers__service=OuterRef("pk"))),
    "conditions": TermSitemap(Condition, Q(conditions=OuterRef("pk"))),
    # A region's page lists the providers in all its areas.
    "areas": TermSitemap(
        Area, Q(locations__area=OuterRef("pk")) | Q(locations__area__parent=OuterRef("pk"))
    ),
}
