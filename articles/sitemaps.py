from articles.models import Article, Author
from providers.sitemaps import TranslatedSitemap, UpdatedSitemap


class ArticleSitemap(UpdatedSitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().only("slug", "updated_at").order_by("pk")


class AuthorSitemap(TranslatedSitemap):
    """The pages of those who wrote or reviewed a published article; the others are noindex."""

    changefreq = "monthly"

    def items(self):
        return Author.objects.with_published_articles().only("slug").order_by("pk")
