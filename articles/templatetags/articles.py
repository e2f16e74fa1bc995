"""
Article lists for other apps' pages, so that the directory can show related reading without
`providers` importing `articles`:

    {% load articles %}
    {% related_articles service=term %}      on a service's landing page
    {% related_articles condition=term %}    on a condition's landing page
    {% related_articles provider=provider %} on a provider's profile
    {% latest_articles 3 %}                  on the home page

Each tag costs exactly one query and renders nothing when there is nothing to show.
"""

from django import template
from django.utils.translation import gettext as _

from articles.models import Article

register = template.Library()

RELATED_LIMIT = 4


@register.inclusion_tag("articles/includes/article_links.html")
def related_articles(service=None, condition=None, provider=None, limit=RELATED_LIMIT):
    articles = Article.objects.published().for_list()
    if service is not None:
        articles = articles.about_service(service)
    elif condition is not None:
        articles = articles.about_condition(condition)
    elif provider is not None:
        articles = articles.about_provider(provider)
    else:
        articles = articles.none()
    return {"articles": list(articles[:limit]), "heading": _("Read more about this")}


@register.inclusion_tag("articles/includes/article_links.html")
def latest_articles(count=3):
    articles = Article.objects.published().for_list()[:count]
    return {"articles": list(articles), "heading": _("Latest articles")}
