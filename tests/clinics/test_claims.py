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


def claim_page(claim):
    return reverse("admin:clinics_claimrequest_change", args=[claim.pk])


def claim_as_typed(claim, **changes):
    return {
        "name": claim.name,
        "role": claim.role,
        "email": claim.email,
        "phone": claim.phone,
        "verification": claim.verification,
        **changes,
    }


@pytest.fixture
def waiting(client):
    provider = ProviderFactory(
        phone="+65 6111 2222", email="front@desk.example", website="https://desk.example/"
    )
    ask(client, provider)
    client.force_login(UserFactory(is_staff=True, groups=["Moderators"]))
    return ClaimRequest.objects.get()


def test_the_claim_page_shows_the_listings_own_contacts_and_speaks_to_the_moderator(
    client, waiting
):
    page = client.get(claim_page(waiting)).content.decode()

    assert (
        "Phone: +65 6111 2222<br>Email: front@desk.example<br>Website: https://desk.example/"
        in page
    )
    assert "(compare with the listing" in page
    assert 'name="_approve"' in page and 'name="_reject"' in page


@pytest.mark.parametrize(("button", "status"), [("_approve", "approved"), ("_reject", "rejected")])
def test_the_claim_page_approves_or_rejects_with_one_button(client, waiting, button, status):
    mail.outbox.clear()

    response = client.post(claim_page(waiting), {**claim_as_typed(waiting), button: "1"})

    assert response.status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == status
    assert mail.outbox[-1].to == [waiting.email]
    assert Invitation.objects.exists() == (status == "approved")


def test_a_decided_claim_has_no_buttons(client, waiting):
    client.post(claim_page(waiting), {**claim_as_typed(waiting), "_reject": "1"})

    page = client.get(claim_page(waiting)).content.decode()

    assert 'name="_approve"' not in page
