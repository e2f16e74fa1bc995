"""Invitations: a signed-in-once link that makes the invitee staff of one provider."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clinics.models import Invitation, Membership
from tests.factories import PASSWORD, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


def link_token(message):
    return re.search(r"/accounts/invitation/([\w-]+)/", message.body).group(1)


def test_a_moderator_invites_from_the_admin_and_the_invitee_sets_a_password(client):
    provider = ProviderFactory(name="Calm Clinic")
    moderator = UserFactory(is_staff=True, groups=["Moderators"])
    client.force_login(moderator)
    response = client.post(
        reverse("admin:clinics_invitation_add"),
        {"provider": provider.pk, "email": "dr.tan@example.org", "role": "owner"},
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dr.tan@example.org"]
    token = link_token(mail.outbox[0])
    assert Invitation.objects.get().token_digest != token  # only a digest is stored

    client.logout()
    url = reverse("accept_invitation", args=[token])
    assert b"Calm Clinic" in client.get(url).content
    response = client.post(url, {"username": "drtan", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="drtan")
    assert membership.provider == provider and membership.role == "owner"
    assert not membership.user.is_staff
    assert client.get(reverse("manage:dashboard")).status_code == 200


def test_a_used_link_does_not_work_twice(client):
    invitation, token = Invitation.issue(ProviderFactory(), "a@example.org")
    url = reverse("accept_invitation", args=[token])
    client.post(url, {"username": "first", "password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    response = client.post(
        url, {"username": "second", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 410
    assert Membership.objects.count() == 1


def test_an_expired_link_is_refused(client):
    invitation, token = Invitation.issue(ProviderFactory(), "a@example.org")
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = client.post(
        reverse("accept_invitation", args=[token]),
        {"username": "late", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 410
    assert b"expired" in response.content
    assert not Membership.objects.exists()


def test_a_tampered_link_is_refused(client):
    _, token = Invitation.issue(ProviderFactory(), "a@example.org")
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = client.get(reverse("accept_invitation", args=[tampered]))
    assert response.status_code == 404


def test_a_signed_in_user_accepts_with_one_click(client):
    user = UserFactory()
    provider = ProviderFactory()
    _, token = Invitation.issue(provider, user.email)
    client.force_login(user)
    response = client.post(reverse("accept_invitation", args=[token]))
    assert response.status_code == 302
    assert Membership.objects.filter(user=user, provider=provider).exists()


def test_an_invalid_account_form_keeps_what_was_typed(client):
    _, token = Invitation.issue(ProviderFactory(), "a@example.org")
    response = client.post(
        reverse("accept_invitation", args=[token]),
        {"username": "keepme", "password1": PASSWORD, "password2": "different"},
    )
    assert response.status_code == 200
    assert b'value="keepme"' in response.content
    assert "password2" in response.context["form"].errors


def test_an_owner_invites_a_colleague_from_manage(client):
    from tests.factories import MembershipFactory

    owner = MembershipFactory(role="owner")
    client.force_login(owner.user)
    url = reverse("manage:team", args=[owner.provider.slug])
    key = client.get(url).context["form"].initial["submission_key"]
    data = {"email": "colleague@example.org", "role": "member", "submission_key": key}
    client.post(url, data)
    client.post(url, data)  # a double submit
    assert Invitation.objects.filter(email="colleague@example.org").count() == 1
    assert len(mail.outbox) == 1
