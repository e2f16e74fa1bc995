import datetime

from django.conf import settings
from django.contrib import admin
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from backpain_site import desk as moderators_desk
from clinics import tasks as clinic_tasks


def healthz(request):
    """
    200 while the database answers, 503 when it does not: without the database the site cannot
    serve. The cache's state (with REDIS_URL) is reported but does not fail the check: without
    it pages are served uncached, so an instance stays in its load balancer's rotation.
    Cheap enough to poll every second: one `SELECT 1`, one cache round trip, no session.
    """
    checks = {"database": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        checks["database"] = "unavailable"
    if settings.REDIS_URL:
        try:
            cache.set("healthz", 1, timeout=10)
            checks["cache"] = "ok" if cache.get("healthz") == 1 else "unavailable"
        except Exception:  # noqa: BLE001
            checks["cache"] = "unavailable"
    serving = checks["database"] == "ok"
    status = "ok" if all(value == "ok" for value in checks.values()) else "degraded"
    return JsonResponse(
        {"status": status if serving else "error", **checks}, status=200 if serving else 503
    )


def security_txt(request):
    """Who to tell about a security problem (RFC 9116), from settings.SECURITY_CONTACT."""
    expires = timezone.now().replace(microsecond=0) + datetime.timedelta(days=365)
    context = {"contact": settings.SECURITY_CONTACT, "expires": expires.isoformat()}
    return render(request, "security.txt", context, content_type="text/plain; charset=utf-8")


def choose_language(request):
    """
    The language switcher's links (?language=ms&next=/ms/providers/?q=urut): remember the
    choice in Django's language cookie, as its set_language view does, and go to `next`, the
    page the visitor was on, in that language (backpain_site.context_processors.languages).

    A GET, where set_language takes a POST: the switcher is then links, which a page in the
    page cache can hold, where a form would need a CSRF token and so a fresh page. A link from
    elsewhere can do no more than choose one of the site's languages.
    """
    language = request.GET.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest("Unknown language.")
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def privacy(request):
    """What personal data the site keeps, why, and for how long: the figures from settings."""
    context = {
        "enquiry_days": settings.ENQUIRY_RETENTION_DAYS,
        "spam_days": settings.ENQUIRY_SPAM_RETENTION_DAYS,
        "claim_days": clinic_tasks.REJECTED_CLAIMS_KEPT.days,
        "invitation_days": clinic_tasks.EXPIRED_INVITATIONS_KEPT.days,
        "contact": settings.PRIVACY_CONTACT,
    }
    return render(request, "privacy.html", context)


def bad_request(request, exception):
    return render(request, "400.html", status=400)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No request, so no context processors: nothing here may touch the database that may
    # be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render())


def minimal(request):
    """The smallest Django view, for the load test's baseline (BENCHMARK_VIEW only)."""
    return HttpResponse("ok", content_type="text/plain")


def desk(request):
    """The moderators' desk: what waits for them, and each area's coverage (admin_view wraps it)."""
    if not request.user.has_perm("providers.change_provider"):
        raise PermissionDenied
    bars = moderators_desk.coverage()
    context = {
        **admin.site.each_context(request),
        "title": "Moderators' desk",
        "waiting": moderators_desk.waiting(),
        "bars": bars,
        "chart_height": len(bars) * moderators_desk.BAR_HEIGHT,
        "uncovered": [bar for bar in bars if not bar.count],
    }
    return render(request, "admin/desk.html", context)
