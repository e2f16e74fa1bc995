"""
The page cache: whole public pages, for anonymous visitors, kept in the cache (Redis when
REDIS_URL is set) for PAGE_CACHE_SECONDS.

Every key contains a "generation", which changes whenever anything a public page shows does:
saving or deleting a listing or an article calls bump_generation() (explicitly, in the model's
save() and delete()), so the next request misses and renders the page afresh; the old entries
simply expire. The kept vocabulary and counts (providers/vocabulary.py, providers/counts.py)
are keyed by it too.

Every process serving the site must see the same generation. With Redis it is kept there, with
the pages. Without it each process has a cache of its own (local memory), so the generation is
kept in a small file instead (settings.CACHE_GENERATION_FILE), which every worker on the machine
reads: a change made through one worker shows on the next request to any of them.
"""

import hashlib
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.urls import Resolver404, resolve

GENERATION_KEY = "pagecache:generation"


def generation():
    if settings.CACHE_GENERATION_FILE:
        return _file_generation(Path(settings.CACHE_GENERATION_FILE))
    value = cache.get(GENERATION_KEY)
    if value is None:
        # add() so that two workers starting together agree on one number.
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump_generation():
    """Forget every cached page: called when anything a public page shows has changed."""
    if settings.CACHE_GENERATION_FILE:
        _bump_file_generation(Path(settings.CACHE_GENERATION_FILE))
        return
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not in the cache yet (or evicted): any new number will do
        cache.add(GENERATION_KEY, 1, timeout=None)


def _file_generation(path):
    try:
        return path.read_text() or "new"
    except FileNotFoundError:
        return "new"


def _bump_file_generation(path):
    # A new random value each time, written whole (replace() is atomic): two processes bumping
    # together each leave a value no page was cached under, whichever lands last.
    path.parent.mkdir(parents=True, exist_ok=True)
    written = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    written.write_text(secrets.token_hex(8))
    os.replace(written, path)


def page_key(request):
    url = request.build_absolute_uri()
    digest = hashlib.sha256(url.encode()).hexdigest()
    return f"pagecache:{generation()}:{request.method}:{digest}"


class PageCacheMiddleware:
    """
    Serves the views named in settings.PAGE_CACHE_VIEWS from the cache, keyed by the full URL
    (query string included), to anonymous GET and HEAD requests.

    "Anonymous" means without a session cookie: no session is opened to find out. A request that
    carries one (a signed-in user, a pending message) always gets a fresh page, and so does any
    response that sets a cookie or holds a CSRF token. Placed after the security, CSP and
    WhiteNoise middleware (whose headers are added to every response, cached or not) and before
    the session and authentication middleware, which a cached page does not need.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable(request):
            return self.get_response(request)
        key = page_key(request)
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if self.may_store(request, response):
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

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
