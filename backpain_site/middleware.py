"""
Small middleware of our own: a request log line with a request id, the Permissions-Policy
header (Django has no setting for it), the home page in a first visitor's language, and the 503
page while the database is unreachable.
"""

import logging
import re
import time
import uuid

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect
from django.template import loader
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

request_log = logging.getLogger("backpain_site.requests")

# A request id from the load balancer is kept if it looks like one; anything else is replaced,
# so that a client cannot write arbitrary text into the logs.
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestLogMiddleware:
    """
    One JSON log line per request: request id, method, path, status, duration and user. The id
    (the X-Request-ID the proxy sent, or a new one) is echoed in the response's X-Request-ID.
    First in MIDDLEWARE, so that the duration covers everything the site does.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        offered = request.headers.get("X-Request-ID", "")
        request.request_id = offered if REQUEST_ID.match(offered) else uuid.uuid4().hex
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        request_log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": request.request_id,
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user": self.user_of(request),
            },
        )
        return response

    @staticmethod
    def user_of(request):
        # Requests without a session cookie are anonymous: a cached page or the health check
        # never opens a session just to log who asked.
        user = getattr(request, "user", None)
        if user is None or settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return "anonymous"
        return user.pk if user.is_authenticated else "anonymous"


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY as the Permissions-Policy header on every response."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


class FirstVisitLanguageMiddleware:
    """
    `/` in the visitor's language: the one they chose with the switcher (Django's language
    cookie), or on a first visit, without that cookie, the one their browser prefers
    (Accept-Language). Any other language than English is a redirect to its home page
    (/zh-hans/). No other address is redirected: a link to /providers/ shows English to
    everyone, as search engines expect of an address.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info != "/" or request.method not in {"GET", "HEAD"}:
            return self.get_response(request)
        language = translation.get_language_from_request(request)
        if language == settings.LANGUAGE_CODE:
            response = self.get_response(request)
        else:
            with translation.override(language):
                response = HttpResponseRedirect(reverse("providers:home"))
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response


# How long a visitor (or a crawler) is asked to wait while the database is unreachable.
RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """
    A request that failed because the database could not be reached (or answered with an
    operational error: a restart, a lost connection) gets the site's 503 page, with
    Retry-After, instead of a 500. The page uses neither the request nor the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        request_log.warning("Database unavailable: %s", exception)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


class HostPortMiddleware:
    """
    Django checks the Host header's name against ALLOWED_HOSTS but takes any port with it
    ("localhost:99999"), which then shows in the addresses the site writes (robots.txt's
    sitemap). With DEBUG off, a port outside settings.HOST_PORTS is refused like a bad host.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.DEBUG:
            host = request.get_host()  # a host ALLOWED_HOSTS refuses raises DisallowedHost
            port = host.rsplit("]", 1)[-1].partition(":")[2]
            if port and port not in settings.HOST_PORTS:
                raise DisallowedHost(f"Invalid port in HTTP_HOST header: {host!r}.")
        return self.get_response(request)


class AsWarning(logging.Filter):
    """Logs a record at WARNING (settings.LOGGING: requests with a host the site refuses)."""

    def filter(self, record):
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
