from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.views.generic import TemplateView
from django.views.static import serve

from api.views import hsds
from articles.sitemaps import ArticleSitemap, AuthorSitemap
from backpain_site import views
from corrections import urls as corrections
from enquiries.urls import inbox_patterns, public_patterns
from providers.sitemaps import SITEMAPS, PageSitemap

SECTIONS = {
    "pages": PageSitemap(["providers:home", "providers:list", "articles:list"]),
    **SITEMAPS,
    "articles": ArticleSitemap,
    "authors": AuthorSitemap,
}

# The admin carries the site's name (SITE_NAME): set here, for every admin page.
admin.site.site_header = f"{settings.SITE_NAME}: administration"
admin.site.site_title = f"{settings.SITE_NAME} administration"
# The index page's heading, Django's "Site administration" otherwise.
admin.site.index_title = settings.SITE_NAME

# Every page, in each of settings.LANGUAGES: English at today's addresses (/providers/), the
# others under their code (/zh-hans/providers/, /ms/…, /ta/…). The admin and the clinic staff's
# pages too, since Django ships their text in these languages.
urlpatterns = i18n_patterns(
    path("", include("providers.urls")),
    path("", include(public_patterns)),
    path("", include(corrections.public_patterns)),
    path("articles/", include("articles.urls")),
    path("accounts/", include("clinics.account_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("manage/", include("clinics.urls")),
    path("manage/", include(inbox_patterns)),
    path("manage/", include(corrections.manage_patterns)),
    path("admin/desk/", admin.site.admin_view(views.desk), name="moderators_desk"),
    path("admin/", admin.site.urls),
    path("privacy/", views.privacy, name="privacy"),
    prefix_default_language=False,
)

# One address each, in no language: what machines read (the open-data API, whose text is
# data; the sitemaps, which list every language's addresses; robots.txt, security.txt, the
# health check), and the language switcher's own link.
urlpatterns += [
    path("api/hsds/", hsds.urls),
    path("sitemap.xml", sitemaps.index, {"sitemaps": SECTIONS}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemaps.sitemap,
        {"sitemaps": SECTIONS},
        # The name the index looks its sections' addresses up by.
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(
            template_name="robots.txt",
            content_type="text/plain",
            # Each language's private pages; the switcher's links, since its pages are
            # found by their hreflang alternates.
            extra_context={
                "prefixes": [
                    "" if code == settings.LANGUAGE_CODE else f"/{code}"
                    for code, name in settings.LANGUAGES
                ]
            },
        ),
    ),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("healthz", views.healthz, name="healthz"),
    path("language/", views.choose_language, name="choose_language"),
]

# Uploaded photos and article pictures, under `make run` (static() adds nothing with DEBUG off)
# and with SERVE_MEDIA for bin/check-pages: in production the TLS proxy or the object store
# serves MEDIA_URL.
urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
if settings.SERVE_MEDIA and not settings.DEBUG:
    urlpatterns.append(
        path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT}, name="media")
    )

if settings.BENCHMARK_VIEW:
    urlpatterns.append(path("_bench/minimal", views.minimal))

handler400 = "backpain_site.views.bad_request"
handler403 = "backpain_site.views.permission_denied"
handler404 = "backpain_site.views.page_not_found"
handler500 = "backpain_site.views.server_error"
