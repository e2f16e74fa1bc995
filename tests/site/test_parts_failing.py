"""
The site holds when a part fails: without Redis pages are served uncached and forms still work;
without the database the site's own 503 page, with Retry-After.
"""

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import OperationalError, connection
from django.urls import reverse

from clinics.models import ClaimRequest
from tests.factories import LocationFactory, ProviderFactory
from tests.site.test_healthz import unreachable_redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_down(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CACHES = unreachable_redis()
    settings.PAGE_CACHE_SECONDS = 60
    yield
    caches["default"].close()


@pytest.mark.parametrize("url", ["/", "/providers/", "/providers/spine-care/", "/articles/"])
def test_pages_are_served_uncached_without_redis(client, redis_down, url):
    LocationFactory(provider=ProviderFactory(name="Spine Care", slug="spine-care"))

    first, second = client.get(url), client.get(url)

    assert first.status_code == second.status_code == 200
    assert second.get("X-Page-Cache") != "hit"


def test_a_claim_is_stored_and_its_email_sent_without_redis(client, redis_down):
    provider = ProviderFactory()

    response = client.post(
        reverse("claim_listing", args=[provider.slug]),
        {
            "name": "Tan Mei Ling",
            "role": "Owner",
            "email": "mei@calm.example",
            "phone": "+65 6123 4567",
            "verification": "Call me.",
        },
    )

    assert response.status_code == 302
    assert ClaimRequest.objects.count() == 1
    assert [message.to for message in mail.outbox] == [["mei@calm.example"]]


def test_without_the_database_the_site_answers_its_503_page(client, monkeypatch):
    def unreachable(*args, **kwargs):
        raise OperationalError("connection to server failed: Connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)

    response = client.get("/providers/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Back in a moment" in response.content.decode()
