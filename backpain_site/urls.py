from django.conf import settings
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

urlpatterns = [
    path("", include("providers.urls")),
    path("", include(public_patterns)),
    path("", include(corrections.public_patterns)),
    path("articles/", include("articles.urls")),
    path("api/hsds/", hsds.urls),
    path("accounts/", include("clinics.account_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("manage/", include("clinics.urls")),
    path("manage/", include(inbox_patterns)),
    path("manage/", include(corrections.manage_patterns)),
    path("admin/desk/", admin.site.admin_view(views.desk), name="moderators_desk"),
    path("admin/", admin.site.urls),
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
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
    ),
    path("privacy/", views.privacy, name="privacy"),
    path(".well-known/security.txt", views.security_txt, name="security_txt"),
    path("healthz", views.healthz, name="healthz"),
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
