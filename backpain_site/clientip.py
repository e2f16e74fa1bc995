"""
The visitor's address, for the login lockout (django-axes, AXES_CLIENT_IP_CALLABLE) and the
rate limits (providers/limits.py).

Behind a TLS proxy or load balancer, REMOTE_ADDR is the proxy's own address, the same for
every visitor, and a lockout per username and address would lock the username out for
everyone. Each proxy appends the address it received the request from to X-Forwarded-For;
with TRUSTED_PROXY_COUNT proxies in front of the site, the visitor's address is the one the
outermost of them appended: that many entries from the right. Entries further left came
from the client and can say anything, so they are never read; and the header itself is read
only on connections from the proxies' addresses (FORWARDED_ALLOW_IPS), so that a client reaching
the site directly cannot write it.
"""

from django.conf import settings


def client_ip(request):
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0 and request.META.get("REMOTE_ADDR") in settings.FORWARDED_ALLOW_IPS:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(addresses) >= count:
            return addresses[-count]
    return request.META.get("REMOTE_ADDR")
