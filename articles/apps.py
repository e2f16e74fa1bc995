from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self):
        from articles.models import Article, ArticleImage, Author, Category, Source
        from providers import changes

        for model in (Article, ArticleImage, Author, Category, Source):
            changes.watch(model)
