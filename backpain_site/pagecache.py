"""
The page cache: whole public pages for anonymous visitors, kept in the site's one cache
(settings.CACHES) under the current generation (providers.changes), which every committed change
to what public pages show moves.

A page is kept by its language (its address's prefix: /zh-hans/…, none for English), by the
parameters it reads (settings.PAGE_CACHE_VIEWS), in their order there and
without empty values; the request's other parameters are dropped before the view sees them, so
that junk parameters (a tracker's, a fuzzer's) all share one entry. And by the compression the
client takes: pages are stored compressed (CompressionMiddleware, inside this one).
"""

import hashlib

from compression_middleware.middleware import compressor
from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation

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
        parameters = self.parameters_read(request)
        if parameters is None:
            return self.get_response(request)
        self.keep_only(request, parameters)
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
    def parameters_read(request):
        """The GET parameters the page reads, if it is one to serve from the cache; else None."""
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in {"GET", "HEAD"}:
            return None
        if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
            return None
        # LocaleMiddleware, after this one, has not yet activated the address's language, which
        # the addresses of pages in other languages than English only resolve in.
        with translation.override(language(request)):
            try:
                match = resolve(request.path_info)
            except Resolver404:
                return None
        return settings.PAGE_CACHE_VIEWS.get(match.view_name)

    @staticmethod
    def keep_only(request, parameters):
        """
        The request's query string as the page reads it: its parameters in the order settings
        lists them, their values stripped, without empty or repeated ones. That order puts a
        landing page's parameters as its canonical address does (providers.indexing), so that
        the addresses a page builds from its own (page numbers) are canonical too.
        """
        kept = QueryDict(mutable=True)
        for name in parameters:
            values = list(dict.fromkeys(v.strip() for v in request.GET.getlist(name) if v.strip()))
            if values:
                kept.setlist(name, values)
        query = kept.urlencode()
        request.GET = QueryDict(query)
        request.META["QUERY_STRING"] = query

    @staticmethod
    def key(request):
        encoding = compressor(request.META.get("HTTP_ACCEPT_ENCODING", ""))[0] or "identity"
        url = request.build_absolute_uri()
        digest = hashlib.sha256(url.encode()).hexdigest()
        return f"page:{request.method}:{language(request)}:{encoding}:{digest}"

    @staticmethod
    def may_store(request, response):
        return (
            response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in response.get("Cache-Control", "")
        )


def language(request):
    """The page's language, as LocaleMiddleware will activate it: from the address alone."""
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
