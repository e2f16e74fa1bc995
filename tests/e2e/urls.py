"""
The site's URLs, and its uploads served as `make run` serves them: the live server runs with
DEBUG off, where django.conf.urls.static.static() adds nothing.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from backpain_site.urls import (
    handler400,
    handler403,
    handler404,
    handler500,
)
from backpain_site.urls import (
    urlpatterns as site_urlpatterns,
)

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

urlpatterns = [
    *site_urlpatterns,
    re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
]
