"""
What one visitor may send (providers/limits.py): claims, password resets and logins, per address
and per the email address they go to. Past a limit: 429, what was typed kept, when to try again,
nothing stored or sent.
"""

import pytest
from django.core import mail
from django.urls import reverse

from clinics.models import ClaimRequest
from tests.factories import ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


def claim(n):
    return {
        "name": f"Visitor {n}",
        "role": "Owner",
        "email": f"visitor{n}@example.org",
        "phone": "+65 6123 4567",
        "verification": "Call me.",
    }


def test_forty_claims_from_one_address_store_five_and_queue_six_emails(client, settings):
    settings.MODERATORS_EMAIL = ["moderators@example.org"]
    provider = ProviderFactory()
    url = reverse("claim_listing", args=[provider.slug])

    statuses = [client.post(url, claim(n)).status_code for n in range(40)]

    assert statuses == [302] * 5 + [429] * 35
    assert ClaimRequest.objects.count() == 5
    # A receipt each, and one word to the moderators for the burst.
    assert len(mail.outbox) == 6
    print(
        f"\n40 claims from one address: {statuses.count(302)} accepted, "
        f"{statuses.count(429)} refused, {ClaimRequest.objects.count()} stored, "
        f"{len(mail.outbox)} emails queued"
    )


def test_a_refused_claim_keeps_what_was_typed_and_says_when_to_try_again(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "claim": {"address": "1/h"}}
    provider = ProviderFactory()
    url = reverse("claim_listing", args=[provider.slug])
    client.post(url, claim(1))

    response = client.post(url, claim(2))

    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    body = response.content.decode()
    assert "Please try again in" in body
    assert 'value="visitor2@example.org"' in body and 'value="Visitor 2"' in body
    assert ClaimRequest.objects.count() == 1


def test_one_email_address_gets_three_claim_receipts_an_hour(client):
    addresses = ["198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4"]
    providers = [ProviderFactory() for _ in addresses]

    statuses = [
        client.post(
            reverse("claim_listing", args=[provider.slug]), claim(0), REMOTE_ADDR=address
        ).status_code
        for provider, address in zip(providers, addresses, strict=True)
    ]

    assert statuses == [302, 302, 302, 429]
    assert len(mail.outbox) == 3


def test_password_resets_are_limited_per_address_and_per_email(client):
    UserFactory(email="known@example.org")
    url = reverse("password_reset")

    to_one = [client.post(url, {"email": "known@example.org"}).status_code for _ in range(4)]
    others = [client.post(url, {"email": f"other{n}@example.org"}).status_code for n in range(3)]

    assert to_one == [302, 302, 302, 429]  # three an hour to one email address
    assert others == [302, 429, 429]  # five an hour from one connection
    assert len(mail.outbox) == 3


def test_logins_from_one_address_are_limited_whatever_the_username(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": {"address": "3/h"}}
    url = reverse("login")

    statuses = [
        client.post(url, {"username": f"guess{n}", "password": "x"}).status_code for n in range(4)
    ]

    assert statuses == [200, 200, 200, 429]
    response = client.post(url, {"username": "someone", "password": "x"})
    assert response.status_code == 429
    assert 'value="someone"' in response.content.decode()
