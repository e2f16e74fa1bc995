from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader


def healthz(request):
    """
    200 when the database (and the cache, when one is configured) answer, 503 otherwise.
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
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


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
