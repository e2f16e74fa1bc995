"""
The site holds when a part fails: without Redis pages are served uncached and forms still work;
without the database the site's own 503 page, with Retry-After.
"""

import pytest
from django.core import mail
from django.urls import reverse

from clinics.models import ClaimRequest
from tests.clinics.fixtures import CLAIM
from tests.factories import LocationFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/providers/", "/providers/spine-care/", "/articles/"])
def test_pages_are_served_uncached_without_redis(client, redis_down, url):
    LocationFactory(provider=ProviderFactory(name="Spine Care", slug="spine-care"))

    first, second = client.get(url), client.get(url)

    assert first.status_code == second.status_code == 200
    assert second.get("X-Page-Cache") != "hit"


def test_a_claim_is_stored_and_its_email_sent_without_redis(client, redis_down):
    provider = ProviderFactory()

    response = client.post(reverse("claim_listing", args=[provider.slug]), CLAIM)

    assert response.status_code == 302
    assert ClaimRequest.objects.count() == 1
    assert [message.to for message in mail.outbox] == [["mei@calm.example"]]


def test_without_the_database_the_site_answers_its_503_page(client, database_down):
    response = client.get("/providers/")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Back in a moment" in response.content.decode()
