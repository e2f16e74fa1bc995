"""The /manage/ dashboard tells staff what is missing or stale in each of their listings."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clinics.dashboard import listings_for
from providers.models import Photo, Provider, ProviderService
from tests.factories import CredentialFactory

pytestmark = pytest.mark.django_db


def issues(clinics):
    (listing,) = listings_for(clinics.alice)
    return listing.issues


def test_a_complete_fresh_listing_has_nothing_to_do(clinics):
    Provider.objects.filter(pk=clinics.a.provider.pk).update(hours_reviewed_at=timezone.now())
    clinics.a.credential.is_verified = True
    clinics.a.credential.save()
    assert issues(clinics) == []


def test_it_asks_for_photos_services_and_a_description(clinics):
    Photo.objects.filter(provider=clinics.a.provider).delete()
    ProviderService.objects.filter(provider=clinics.a.provider).delete()
    Provider.objects.filter(pk=clinics.a.provider.pk).update(description="")
    found = issues(clinics)
    assert {"No photos", "No services listed", "No description"} <= set(found)


def test_it_warns_of_a_credential_expiring_within_30_days(clinics):
    today = timezone.localdate()
    CredentialFactory(
        provider=clinics.a.provider,
        issuing_body="Acupuncture Board",
        valid_until=today + datetime.timedelta(days=30),
    )
    CredentialFactory(
        provider=clinics.a.provider,
        issuing_body="Massage Guild",
        valid_until=today + datetime.timedelta(days=31),
    )
    found = issues(clinics)
    assert "Acupuncture Board: credential expires in 30 days" in found
    assert not any("Massage Guild: credential expires" in issue for issue in found)


def test_it_says_when_a_credential_has_expired(clinics):
    expired = timezone.localdate() - datetime.timedelta(days=1)
    CredentialFactory(provider=clinics.a.provider, issuing_body="Old Board", valid_until=expired)
    assert f"Old Board: expired on {expired}" in issues(clinics)


def test_it_lists_credentials_awaiting_verification(clinics):
    body = clinics.a.credential.issuing_body
    assert f"{body}: awaiting verification" in issues(clinics)


def test_hours_not_reviewed_for_six_months_are_flagged_until_confirmed(client, clinics):
    stale = timezone.now() - datetime.timedelta(days=200)
    Provider.objects.filter(pk=clinics.a.provider.pk).update(hours_reviewed_at=stale)
    assert "Opening hours not reviewed for 6 months" in issues(clinics)

    client.force_login(clinics.alice)
    url = reverse("manage:hours_reviewed", args=[clinics.a.provider.slug])
    assert client.post(url).status_code == 302
    assert "Opening hours not reviewed for 6 months" not in issues(clinics)


def test_hours_reviewed_five_months_ago_are_not_flagged(clinics):
    recent = timezone.now() - datetime.timedelta(days=150)
    Provider.objects.filter(pk=clinics.a.provider.pk).update(hours_reviewed_at=recent)
    assert "Opening hours not reviewed for 6 months" not in issues(clinics)


def test_a_branch_without_hours_is_flagged(clinics):
    clinics.a.branch.hours.all().delete()
    assert f"No opening hours for {clinics.a.branch.name}" in issues(clinics)


def test_a_user_with_no_listings_is_told_how_to_get_one(client, clinics):
    client.force_login(clinics.editor)
    content = client.get(reverse("manage:dashboard")).content.decode()
    assert "You are not staff of any listing yet" in content
