"""
What every answer under /api/hsds/ goes through before the API's views: who is asking (an API
key, or an anonymous address), their rate limit, and conditional GET.

- A key is sent as `Authorization: Bearer <key>` or `X-API-Key: <key>` (api.models.ApiKey);
  a key that is unknown or withdrawn is a 401, not a quiet fall back to the anonymous limit.
- Limits are counted by the site's one mechanism (providers.limits): per address at
  settings.RATE_LIMITS["api"], per key at the key's own limit. Past one: 429 with
  Retry-After.
- ETag and Last-Modified come from the cache generation (providers.changes), which every
  committed change to what the site shows moves: a client's If-None-Match or
  If-Modified-Since is answered 304 before any query is made. Django's `condition` decorator
  does the comparing. The generation moves after the changed listings' content_modified is
  stamped, so Last-Modified is never earlier than a record's last_modified.
"""

import datetime
import hashlib

from django.conf import settings
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import condition

from api.models import ApiKey
from providers import limits
from providers.changes import changed_at, generation

PREFIX = "/api/hsds/"


def etag(request):
    # What an answer shows changes with the generation, with the day (schedules list dated
    # exceptions from today on) and with the address its links are built from. Weak: the
    # same answer may be sent compressed or not.
    basis = f"{generation()}|{timezone.localdate()}|{request.build_absolute_uri()}"
    return f'W/"{hashlib.sha256(basis.encode()).hexdigest()[:32]}"'


def last_modified(request):
    today = datetime.datetime.combine(timezone.localdate(), datetime.time.min)
    return max(changed_at(), timezone.make_aware(today))


def presented_key(request):
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.headers.get("X-API-Key", "").strip() or None


def _error(status, error, message, **headers):
    response = JsonResponse({"error": error, "message": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


class OpenDataMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.conditional = condition(etag_func=etag, last_modified_func=last_modified)(get_response)

    def __call__(self, request):
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        raw_key = presented_key(request)
        if raw_key:
            key = ApiKey.objects.find(raw_key)
            if key is None:
                return _error(
                    401,
                    "bad_api_key",
                    "This API key is unknown or withdrawn. Without a key, the anonymous "
                    "limit applies.",
                    WWW_Authenticate='Bearer realm="hsds"',
                )
            key.note_use()
            refusal = limits.count(
                request, "api:key", lambda group, request: str(key.pk), f"{key.limit}/m"
            )
        else:
            refusal = limits.count(
                request, "api:address", "ip", settings.RATE_LIMITS["api"]["address"]
            )
        if refusal:
            return _error(
                429,
                "rate_limited",
                f"Too many requests: try again in {refusal.retry_after} seconds, or ask for "
                "an API key for a higher limit.",
                Retry_After=str(refusal.retry_after),
            )
        return self.conditional(request)
