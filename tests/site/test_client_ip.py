"""The visitor's address behind TRUSTED_PROXY_COUNT proxies (backpain_site/clientip.py)."""

import pytest
from django.test import RequestFactory

from backpain_site.clientip import client_ip


def request(forwarded=None):
    extra = {"REMOTE_ADDR": "127.0.0.1"}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_it_is_the_connection_address(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(request("203.0.113.9")) == "127.0.0.1"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "192.0.2.1, 203.0.113.9", "203.0.113.9"),  # the left entry is the client's claim
        (2, "192.0.2.1, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, "203.0.113.9", "127.0.0.1"),  # fewer entries than proxies: not to be trusted
        (1, "", "127.0.0.1"),
    ],
)
def test_behind_proxies_it_is_what_the_outermost_one_saw(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count

    assert client_ip(request(forwarded)) == expected


def test_the_header_is_read_only_on_the_proxies_connections(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    direct = RequestFactory().get(
        "/", REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )

    assert client_ip(direct) == "198.51.100.20"
