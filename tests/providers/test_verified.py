"""
One meaning of "verified": the ✓ badge and `verified=on` mean that a moderator checked at least
one current licence or registration of the provider or its practitioners. It is derived from
the credentials, follows the calendar (an expiry removes it from the next day in the site's
time zone) and is lost when what was checked changes.
"""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone

from providers import tasks
from providers.models import CredentialKind, Provider
from tests.conftest import committed
from tests.factories import (
    CredentialFactory,
    PractitionerFactory,
    ProviderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def badge(provider):
    return Provider.objects.get(pk=provider.pk).is_verified


def checked(provider, **fields):
    fields.setdefault("kind", CredentialKind.REGISTRATION)
    return CredentialFactory(
        provider=provider,
        is_verified=True,
        verified_by=UserFactory(),
        verified_at=timezone.now(),
        **fields,
    )


@pytest.fixture
def provider():
    return ProviderFactory(name="Kallang Physio")


@pytest.fixture
def mona():
    return UserFactory(username="mona", is_staff=True, groups=["Moderators"])


@pytest.mark.parametrize("kind", [CredentialKind.LICENCE, CredentialKind.REGISTRATION])
def test_a_checked_current_licence_or_registration_gives_the_badge(provider, kind):
    checked(provider, kind=kind)

    assert badge(provider)


def test_a_practitioners_checked_registration_counts(provider):
    checked(provider, practitioner=PractitionerFactory(provider=provider))

    assert badge(provider)


@pytest.mark.parametrize("kind", [CredentialKind.MEMBERSHIP, CredentialKind.CERTIFICATION])
def test_a_checked_membership_or_certificate_alone_does_not(provider, kind):
    checked(provider, kind=kind)

    assert not badge(provider)


def test_an_unchecked_registration_does_not(provider):
    CredentialFactory(provider=provider, is_verified=False)

    assert not badge(provider)


def test_an_expired_checked_registration_does_not(provider):
    checked(provider, valid_until=datetime.date(2026, 11, 24))  # yesterday

    assert not badge(provider)


def test_the_directory_filter_and_the_card_agree_with_the_badge(client, provider):
    ProviderFactory(name="Unchecked Clinic")
    checked(provider)

    page = client.get(reverse("providers:list"), {"verified": "on"}).content.decode()

    assert "Kallang Physio" in page and "Unchecked Clinic" not in page
    assert "badge--verified" in page


def test_an_expiry_removes_the_badge_from_the_next_day_in_the_site_time_zone(
    provider, frozen_clock, site_tz
):
    today = datetime.datetime.now(site_tz).date()
    checked(provider, valid_until=today)

    # The last minute of its last day: still valid, nothing to do.
    frozen_clock.move_to(datetime.datetime.combine(today, datetime.time(23, 59), site_tz))
    with committed():
        assert tasks.follow_the_calendar.call_local() == 0
    assert badge(provider)

    # The hourly task's first run of the next day.
    next_day = today + datetime.timedelta(days=1)
    frozen_clock.move_to(datetime.datetime.combine(next_day, datetime.time(0, 5), site_tz))
    with committed():
        assert tasks.follow_the_calendar.call_local() == 1
    assert not badge(provider)


@pytest.mark.parametrize(
    ("field", "value"), [("number", "AHB-99999"), ("issuing_body", "Another Council")]
)
def test_changing_what_was_checked_removes_the_check_and_the_badge(provider, field, value):
    credential = checked(provider)
    credential.refresh_from_db()

    setattr(credential, field, value)
    with committed():
        credential.save()

    credential.refresh_from_db()
    assert (credential.is_verified, credential.verified_by, credential.verified_at) == (
        False,
        None,
        None,
    )
    assert not badge(provider)


def test_saving_without_changing_what_was_checked_keeps_it(provider):
    credential = checked(provider)
    credential.refresh_from_db()

    with committed():
        credential.save()

    credential.refresh_from_db()
    assert credential.is_verified and badge(provider)


def test_the_profile_says_what_was_checked_by_which_body_and_when(client, provider):
    checked(provider, issuing_body="Allied Health Professions Council")

    page = client.get(provider.get_absolute_url()).content.decode()

    assert 'href="#credentials-heading"' in page
    assert "checked a current licence or registration" in page
    assert (
        "Verified</span> with Allied Health Professions Council by a moderator on 25 Nov 2026"
        in page
    )


def test_moderators_verify_selected_credentials_in_the_list(client, provider, mona):
    first = CredentialFactory(provider=provider, is_verified=False)
    second = CredentialFactory(provider=provider, is_verified=False)
    client.force_login(mona)

    response = client.post(
        reverse("admin:providers_credential_changelist"),
        {"action": "verify_selected", "_selected_action": [first.pk, second.pk]},
        follow=True,
    )

    assert "2 credentials marked verified" in response.content.decode()
    first.refresh_from_db()
    assert first.is_verified and first.verified_by == mona and first.verified_at
    assert badge(provider)


def test_staff_who_may_not_verify_have_no_such_action(client, provider):
    sam = UserFactory(username="sam", is_staff=True)
    sam.user_permissions.add(
        *django_apps.get_model("auth", "Permission").objects.filter(
            content_type__app_label="providers",
            codename__in=["view_credential", "change_credential"],
        )
    )
    credential = CredentialFactory(provider=provider, is_verified=False)
    client.force_login(sam)

    page = client.get(reverse("admin:providers_credential_changelist")).content.decode()
    assert "verify_selected" not in page
    client.post(
        reverse("admin:providers_credential_changelist"),
        {"action": "verify_selected", "_selected_action": [credential.pk]},
    )
    credential.refresh_from_db()
    assert not credential.is_verified


def test_the_migration_derives_the_badge_for_existing_rows(provider):
    wrongly = ProviderFactory(name="Ticked by hand")
    CredentialFactory(provider=provider, is_verified=True)
    Provider.objects.filter(pk=wrongly.pk).update(is_verified=True)
    Provider.objects.filter(pk=provider.pk).update(is_verified=False)
    migration = importlib.import_module("providers.migrations.0016_verified_from_credentials")

    migration.derive_verified(django_apps, None)

    assert badge(provider) and not badge(wrongly)
