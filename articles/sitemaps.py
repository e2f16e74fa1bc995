from articles.models import Article
from providers.sitemaps import UpdatedSitemap


class ArticleSitemap(UpdatedSitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("pk")
