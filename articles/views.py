from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from articles import jsonld
from articles.models import Article, Author, Category
from providers.pagination import paginate


def article_list(request):
    """
    Newest first; ?category=<slug> narrows it. An unknown category is a 404; a page number
    that cannot be used shows the first or last page and says so, as the directory does.
    """
    categories = list(Category.objects.all())
    articles = Article.objects.published().for_list()
    category = None
    slug = request.GET.get("category")
    if slug:
        category = next((c for c in categories if c.slug == slug), None)
        if category is None:
            raise Http404("No such category.")
        articles = articles.filter(category=category)
    page, page_notice = paginate(request, articles)
    # Page 2 onwards is a page of its own to search engines, as the directory's landing pages
    # are: its canonical address keeps the page number.
    canonical = QueryDict(mutable=True)
    if category:
        canonical["category"] = category.slug
    if page.number > 1:
        canonical["page"] = page.number
    return render(
        request,
        "articles/article_list.html",
        {
            "categories": categories,
            "category": category,
            "page_obj": page,
            "page_notice": page_notice,
            "canonical_url": request.build_absolute_uri(
                f"{request.path}?{canonical.urlencode()}" if canonical else request.path
            ),
        },
    )


def _any_of(terms):
    """["Cupping", "Tui na", "Gua sha"] → "cupping, tui na or gua sha"."""
    names = [term.name.lower() for term in terms]
    if len(names) < 2:
        return "".join(names)
    return _("%(list)s or %(last)s") % {
        "list": pgettext("between items of a list", ", ").join(names[:-1]),
        "last": names[-1],
    }


def directory_links(services, conditions):
    """
    (label, address) of the directory pages that list what "Find care for this" samples: those
    offering any of the services, and those treating any of the conditions. One address for
    both would list only the providers that do both, as the directory combines different
    filters with "and".
    """
    links = []
    for parameter, terms, label in [
        ("service", services, _("Every provider offering %(terms)s")),
        ("condition", conditions, _("Every provider treating %(terms)s")),
    ]:
        if terms:
            query = QueryDict(mutable=True)
            query.setlist(parameter, [term.slug for term in terms])
            address = f"{reverse('providers:list')}?{query.urlencode()}"
            links.append((label % {"terms": _any_of(terms)}, address))
    return links


def _may_preview(user):
    return user.is_active and user.is_staff and user.has_perm("articles.view_article")


def article_detail(request, slug):
    article = get_object_or_404(
        Article.objects.select_related("category", "hero_image", "author", "medical_reviewer")
        .with_terms()
        .prefetch_related("sources"),
        slug=slug,
    )
    # Unpublished, scheduled and archived articles exist only for editors previewing them.
    preview = not article.is_public
    if preview and not _may_preview(request.user):
        raise Http404("No such article.")
    services = list(article.services.all())
    conditions = list(article.conditions.all())
    sources = list(article.sources.all())
    providers = article.find_care()
    canonical_url = request.build_absolute_uri(article.get_absolute_url())
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "preview": preview,
            "services": services,
            "conditions": conditions,
            "sources": sources,
            "providers": providers,
            "directory_links": directory_links(services, conditions),
            "offered": _any_of(services),
            "treated": _any_of(conditions),
            "now": timezone.localtime(),
            "canonical_url": canonical_url,
            "json_ld": jsonld.for_article(
                article, services, conditions, sources, canonical_url, request
            ),
        },
    )


def author_detail(request, slug):
    """Who an author is, and the published articles they wrote or medically reviewed."""
    author = get_object_or_404(Author, slug=slug)
    written = list(Article.objects.published().for_list().filter(author=author))
    reviewed = list(Article.objects.published().for_list().filter(medical_reviewer=author))
    canonical_url = request.build_absolute_uri(author.get_absolute_url())
    return render(
        request,
        "articles/author_detail.html",
        {
            "author": author,
            "written": written,
            "reviewed": reviewed,
            "canonical_url": canonical_url,
            "json_ld": jsonld.for_author(author, canonical_url, request),
        },
    )
