"""
The sitemap: an index at /sitemap.xml naming one sitemap per section (/sitemap-providers.xml,
…), each in pages of at most `limit` addresses (?p=2, …), so that every listing is in it at any
size (a single sitemap holds 50,000 addresses at most) and no request renders more than a page.
Every address is listed in each of the site's languages: the few pages of terms, articles and
authors with their translations as hreflang alternates; the listings in a section per language
(/sitemap-providers-zh-hans.xml), each page reading only its own rows.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import translation

from providers.models import Area, Condition, Provider, Service


class TranslatedSitemap(Sitemap):
    """
    A page in each of settings.LANGUAGES (/providers/…, /zh-hans/providers/…), each listed
    with the others as its alternates and English as the x-default, as its <head> does.
    """

    i18n = True
    alternates = True
    x_default = True


class Updated:
    """Items with an `updated_at`: the index's date for the section is one MAX() query."""

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Sitemap's own reads every item to find the latest.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class UpdatedSitemap(Updated, TranslatedSitemap):
    pass


class ProviderSitemap(Updated, Sitemap):
    """
    The listings' profiles in one language. Not a TranslatedSitemap: Django pairs every item
    with every language in a list before taking a page of it, so each page of a translated
    sitemap would read all the listings (2.4 s and 174 MB a page at 100,000 providers); here a
    page is a slice of the queryset. Each profile's <head> names its translations.
    """

    changefreq = "weekly"
    # About 0.7 s a page at 100,000 providers.
    limit = 5000

    def __init__(self, language=settings.LANGUAGE_CODE):
        self.language = language

    def items(self):
        return Provider.objects.listed().only("slug", "updated_at").order_by("pk")

    def location(self, item):
        with translation.override(self.language):
            return item.get_absolute_url()


def provider_sections():
    """A sitemap of the listings per language: "providers" (English), "providers-zh-hans", …"""
    return {
        "providers" if code == settings.LANGUAGE_CODE else f"providers-{code}": ProviderSitemap(
            code
        )
        for code, name in settings.LANGUAGES
    }


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
    **provider_sections(),
    "services": TermSitemap(Service, Q(offers__service=OuterRef("pk"))),
    "conditions": TermSitemap(Condition, Q(conditions=OuterRef("pk"))),
    # A region's page lists the providers in all its areas.
    "areas": TermSitemap(
        Area, Q(locations__area=OuterRef("pk")) | Q(locations__area__parent=OuterRef("pk"))
    ),
}
