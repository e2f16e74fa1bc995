"""Every public page type sends the security headers (over HTTPS, as behind the proxy)."""

import pytest

from tests.articles.factories import ArticleFactory
from tests.factories import (
    AreaFactory,
    ConditionFactory,
    LocationFactory,
    ProviderFactory,
    ServiceFactory,
)

pytestmark = pytest.mark.django_db

PAGES = {
    "home": "/",
    "directory": "/providers/",
    "filtered directory": "/providers/?service=massage&near=tampines",
    "profile": "/providers/back-clinic/",
    "service landing": "/services/massage/",
    "condition landing": "/conditions/sciatica/",
    "area landing": "/areas/tampines/",
    "article list": "/articles/",
    "article": "/articles/why-backs-hurt/",
    "feed": "/articles/feed/",
    "sitemap": "/sitemap.xml",
    "login": "/accounts/login/",
    "healthz": "/healthz",
    "not found": "/providers/no-such-clinic/",
}


@pytest.fixture
def content():
    service = ServiceFactory(slug="massage")
    condition = ConditionFactory(slug="sciatica")
    area = AreaFactory(slug="tampines")
    provider = ProviderFactory(slug="back-clinic", services=[service], conditions=[condition])
    LocationFactory(provider=provider, area=area)
    ArticleFactory(slug="why-backs-hurt")


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_it_sends_the_security_headers(client, content, url):
    response = client.get(url, secure=True)

    assert response.status_code == (404 if url == PAGES["not found"] else 200)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    permissions = response["Permissions-Policy"]
    assert "geolocation=(self)" in permissions
    assert "camera=()" in permissions and "microphone=()" in permissions
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_its_content_security_policy_is_strict(client, content, url):
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in client.get(url, secure=True)["Content-Security-Policy"].split(";")
    )

    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in policy["style-src"]
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "https://tile.openstreetmap.org" in policy["img-src"].split()


def test_the_map_tile_host_comes_from_the_setting():
    from backpain_site.settings import origin_of

    assert origin_of("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://tile.openstreetmap.org"
    )
    assert origin_of("https://{s}.tiles.example.org/{z}/{x}/{y}.png") == (
        "https://*.tiles.example.org"
    )


def test_it_keeps_a_well_formed_request_id_from_the_proxy(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-1234-abcd"})

    assert response["X-Request-ID"] == "lb-1234-abcd"


def test_it_replaces_a_request_id_that_is_not_one(client):
    response = client.get("/healthz", headers={"X-Request-ID": "evil\nline"})

    assert response["X-Request-ID"] != "evil\nline"
    assert len(response["X-Request-ID"]) == 32


def test_the_login_form_is_protected_against_csrf(client, db):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "a", "password": "b"})

    assert response.status_code == 403
    assert b"This form has expired" in response.content
