"""Conditional GET, CORS, the anonymous rate limit and API keys on the open-data API."""

import pytest
from django.urls import reverse

from api.models import ApiKey
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

API = "/api/hsds"


@pytest.mark.parametrize(
    "path", ["/", "/services", "/services?format=ndjson", "/organizations", "/openapi.json"]
)
def test_every_answer_has_an_etag_and_last_modified(client, listings, path):
    response = client.get(API + path)
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"]


def test_a_conditional_get_is_answered_304_until_a_listing_changes(
    client, listings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    first = client.get(f"{API}/services")
    etag, modified = first["ETag"], first["Last-Modified"]
    with django_assert_num_queries(0):
        again = client.get(f"{API}/services", headers={"if-none-match": etag})
    assert again.status_code == 304 and again["ETag"] == etag
    assert client.get(f"{API}/services", headers={"if-modified-since": modified}).status_code == 304
    # Another address's answer has its own tag.
    assert client.get(f"{API}/organizations")["ETag"] != etag

    listings.alpha.description = "Now open on Sundays."
    with django_capture_on_commit_callbacks(execute=True):
        listings.alpha.save()
    changed = client.get(f"{API}/services", headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert "Now open on Sundays." in changed.content.decode()


def test_any_origin_may_read_the_api_but_not_the_site(client, listings):
    origin = {"origin": "https://referrals.example.org"}
    response = client.get(f"{API}/services", headers=origin)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        f"{API}/services",
        headers={
            **origin,
            "access-control-request-method": "GET",
            "access-control-request-headers": "authorization",
        },
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "authorization" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Origin" not in client.get("/providers/", headers=origin)


def test_an_anonymous_client_over_its_limit_is_told_when_to_come_back(client, listings, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": {"address": "3/m"}}
    for _ in range(3):
        assert client.get(f"{API}/taxonomies").status_code == 200
    refused = client.get(f"{API}/taxonomies")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["error"] == "rate_limited"
    # Another address has its own count.
    assert client.get(f"{API}/taxonomies", REMOTE_ADDR="10.0.0.9").status_code == 200


def issued(limit=5):
    key = ApiKey(name="Referral app", owner_email="dev@example.org", limit=limit)
    raw = key.issue()
    key.save()
    return key, raw


def test_a_key_has_its_own_higher_limit_by_either_header(client, listings, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": {"address": "1/m"}}
    key, raw = issued(limit=4)
    assert client.get(f"{API}/taxonomies").status_code == 200
    assert client.get(f"{API}/taxonomies").status_code == 429
    for headers in ({"authorization": f"Bearer {raw}"}, {"x-api-key": raw}) * 2:
        assert client.get(f"{API}/taxonomies", headers=headers).status_code == 200
    assert client.get(f"{API}/taxonomies", headers={"x-api-key": raw}).status_code == 429
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_an_unknown_or_withdrawn_key_is_a_401(client, listings):
    key, raw = issued()
    response = client.get(f"{API}/services", headers={"authorization": "Bearer nope"})
    assert response.status_code == 401 and response.json()["error"] == "bad_api_key"
    key.active = False
    key.save()
    assert client.get(f"{API}/services", headers={"x-api-key": raw}).status_code == 401


def test_a_key_is_shown_once_when_issued_and_only_its_hash_is_kept(client, listings):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("admin:api_apikey_add"),
        {"name": "Referral app", "owner_email": "dev@example.org", "limit": 600, "active": "on"},
    )
    assert response.status_code == 200
    raw = response.context["raw_key"]
    assert raw in response.content.decode()
    key = ApiKey.objects.get()
    assert key.hashed_key == ApiKey.hash(raw) and raw not in key.hashed_key
    assert raw not in client.get(reverse("admin:api_apikey_change", args=[key.pk])).content.decode()
    client.logout()
    assert client.get(f"{API}/services", headers={"x-api-key": raw}).status_code == 200
