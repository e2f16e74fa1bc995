"""
The page cache: whole public pages for anonymous visitors, kept in the site's one cache
(settings.CACHES) under the current generation (providers.changes), which every committed change
to what public pages show moves.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.urls import Resolver404, resolve

from providers.changes import generation


class PageCacheMiddleware:
    """
    Serves the views named in settings.PAGE_CACHE_VIEWS from the cache, keyed by the full URL
    (query string included), to anonymous GET and HEAD requests.

    "Anonymous" means without a session cookie: no session is opened to find out. A request that
    carries one (a signed-in user, a pending message) always gets a fresh page, and so does any
    response that sets a cookie or holds a CSRF token. Placed after the security, CSP and
    WhiteNoise middleware (whose headers are added to every response, cached or not) and before
    the session and authentication middleware, which a cached page does not need.

    The generation is read before the page is rendered, so a page is never stored under a
    generation newer than the data it was rendered from.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable(request):
            return self.get_response(request)
        key = self.key(request)
        version = generation()
        response = cache.get(key, version=version)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.may_store(request, response):
            cache.set(key, response, settings.PAGE_CACHE_SECONDS, version=version)
            response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def key(request):
        url = request.build_absolute_uri()
        return f"page:{request.method}:{hashlib.sha256(url.encode()).hexdigest()}"

    @staticmethod
    def is_cacheable(request):
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in {"GET", "HEAD"}:
            return False
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
            return False
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in settings.PAGE_CACHE_VIEWS

    @staticmethod
    def may_store(request, response):
        return (
            response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in response.get("Cache-Control", "")
        )
