"""A visitor asks to claim an unclaimed listing; a moderator approves or rejects it."""

import pytest
from django.core import mail
from django.urls import reverse

from clinics.models import ClaimRequest, Invitation
from tests.clinics.fixtures import CLAIM
from tests.factories import MembershipFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


def ask(client, provider, **changes):
    url = reverse("claim_listing", args=[provider.slug])
    key = client.get(url).context["form"].initial["submission_key"]
    return client.post(url, {**CLAIM, "submission_key": key, **changes})


def test_a_claim_waits_for_a_moderator_who_approves_it(client):
    provider = ProviderFactory()
    assert b"Ask to manage this listing" in client.get(provider.get_absolute_url()).content
    response = ask(client, provider)
    assert response.status_code == 302
    claim = ClaimRequest.objects.get()
    assert claim.status == "pending"
    assert mail.outbox[-1].to == [CLAIM["email"]]

    moderator = UserFactory(is_staff=True, groups=["Moderators"])
    client.force_login(moderator)
    client.post(
        reverse("admin:clinics_claimrequest_changelist"),
        {"action": "approve", "_selected_action": [claim.pk]},
    )
    claim.refresh_from_db()
    assert claim.status == "approved" and claim.decided_by == moderator
    invitation = Invitation.objects.get(email=CLAIM["email"])
    assert invitation.role == "owner" and invitation.provider == provider
    assert "/accounts/invitation/" in mail.outbox[-1].body


def test_a_rejected_claim_is_told_by_email(client):
    provider = ProviderFactory()
    ask(client, provider)
    claim = ClaimRequest.objects.get()
    client.force_login(UserFactory(is_staff=True, groups=["Moderators"]))
    client.post(
        reverse("admin:clinics_claimrequest_changelist"),
        {"action": "reject", "_selected_action": [claim.pk]},
    )
    claim.refresh_from_db()
    assert claim.status == "rejected"
    assert not Invitation.objects.exists()
    assert "could not confirm" in mail.outbox[-1].body


def test_an_invalid_claim_keeps_what_was_typed(client):
    response = ask(client, ProviderFactory(), email="not-an-address")
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert CLAIM["verification"].encode() in response.content
    assert not ClaimRequest.objects.exists()


def test_a_double_submit_makes_one_request(client):
    provider = ProviderFactory()
    url = reverse("claim_listing", args=[provider.slug])
    key = client.get(url).context["form"].initial["submission_key"]
    client.post(url, {**CLAIM, "submission_key": key})
    client.post(url, {**CLAIM, "submission_key": key})
    assert ClaimRequest.objects.count() == 1


def test_a_claimed_listing_cannot_be_claimed(client):
    provider = MembershipFactory().provider
    response = client.get(reverse("claim_listing", args=[provider.slug]))
    assert b"already has staff" in response.content
    client.post(reverse("claim_listing", args=[provider.slug]), CLAIM)
    assert not ClaimRequest.objects.exists()
