from django.contrib.sitemaps import Sitemap

from providers.models import Area, Condition, Provider, Service


class ProviderSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Provider.objects.listed().only("slug", "updated_at").order_by("pk")

    def lastmod(self, provider):
        return provider.updated_at


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
