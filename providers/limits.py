"""
How much one visitor may send: every anonymous form (claims, password resets, and the forms to
come) and logins go through `check`, one mechanism for all of them.

Counters are django-ratelimit's, in the site's cache, per form and kind of key: the visitor's
address (settings.RATELIMIT_IP_META_KEY: behind TRUSTED_PROXY_COUNT proxies, what the outermost
one saw) and what the form is sent to (an email address, a listing). The rates are settings
(settings.RATE_LIMITS), "count/period" with a period in s, m, h or d. Past one, the view answers
429 with the form and everything typed kept, and says when to try again.

When the cache cannot be reached the counters cannot be read, and forms are let through
(RATELIMIT_FAIL_OPEN) rather than refused to everyone.
"""

from dataclasses import dataclass

from django.conf import settings
from django_ratelimit import ALL
from django_ratelimit.core import get_usage


@dataclass(frozen=True)
class Refusal:
    """A submission over one of its limits, and how long until the limit lets it through."""

    retry_after: int

    @property
    def minutes(self):
        return max(1, round(self.retry_after / 60))


def check(request, form, targets=()):
    """
    Count this submission of `form` (a key of settings.RATE_LIMITS) from this visitor and to
    each of `targets` (strings: an email address, a listing's slug); a Refusal when any of the
    limits is exceeded, else None.
    """
    rates = settings.RATE_LIMITS[form]
    counted = [("address", "ip", rates["address"])]
    if rates.get("target"):
        counted += [
            ("target", _constant(" ".join(str(target).lower().split())), rates["target"])
            for target in targets
            if target
        ]
    refusals = [count(request, f"{form}:{kind}", key, rate) for kind, key, rate in counted]
    waits = [refusal.retry_after for refusal in refusals if refusal]
    return Refusal(retry_after=max(waits)) if waits else None


def count(request, group, key, rate):
    """
    Count this request in `group` under `key` ("ip", or a callable of group and request) at
    `rate` ("count/period"); a Refusal once over it, else None. For limits other than a form's
    (the open-data API's, per address or per key).
    """
    usage = get_usage(request, group=group, key=key, rate=rate, method=ALL, increment=True)
    if usage and usage["should_limit"]:
        return Refusal(retry_after=usage["time_left"])
    return None


def _constant(value):
    return lambda group, request: value
