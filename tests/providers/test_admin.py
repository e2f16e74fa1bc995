"""
The admin: moderators manage the whole directory, and only they mark a credential verified.

Mona is a moderator (the "Moderators" group). Sam is staff who may change credentials but
not verify them. Root is a superuser.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from providers.models import Credential, Place
from tests.factories import (
    CredentialFactory,
    LocationFactory,
    PractitionerFactory,
    ProviderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


@pytest.fixture
def mona():
    return UserFactory(username="mona", is_staff=True, groups=["Moderators"])


@pytest.fixture
def sam():
    user = UserFactory(username="sam", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="providers",
            codename__in=["view_credential", "change_credential", "view_provider"],
        )
    )
    return user


@pytest.fixture
def credential():
    location = LocationFactory()
    return CredentialFactory(
        provider=location.provider,
        practitioner=PractitionerFactory(provider=location.provider),
        issuing_body="Allied Health Professions Council",
        number="PT-12345",
        is_verified=False,
    )


def change_url(credential):
    return f"/admin/providers/credential/{credential.pk}/change/"


def post_data(credential, **extra):
    return {
        "provider": credential.provider_id,
        "practitioner": credential.practitioner_id or "",
        "kind": credential.kind,
        "issuing_body": credential.issuing_body,
        "number": credential.number,
        "valid_until": credential.valid_until.isoformat() if credential.valid_until else "",
        **extra,
    }


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/providers/provider/",
        "/admin/providers/provider/?q=physio&kind__exact=physiotherapy",
        "/admin/providers/provider/add/",
        "/admin/providers/location/",
        "/admin/providers/location/add/",
        "/admin/providers/credential/",
        "/admin/providers/credential/?is_verified__exact=1",
        "/admin/providers/credential/add/",
        "/admin/providers/practitioner/",
        "/admin/providers/area/",
        "/admin/providers/service/",
        "/admin/providers/condition/",
        "/admin/providers/language/",
        "/admin/clinics/membership/",
    ],
)
def test_admin_pages_load_for_a_superuser(client, root, credential, url):
    assert client.get(url).status_code == 200


def test_change_forms_load_for_a_superuser_with_their_inlines(client, root, credential):
    provider = credential.provider
    location = provider.locations.get()

    provider_page = client.get(f"/admin/providers/provider/{provider.pk}/change/")
    location_page = client.get(f"/admin/providers/location/{location.pk}/change/")
    credential_page = client.get(change_url(credential))

    assert provider_page.status_code == 200
    body = provider_page.content.decode()
    for prefix in ("locations", "offers", "practitioners", "credentials", "photos"):
        assert f'name="{prefix}-TOTAL_FORMS"' in body
    assert location_page.status_code == 200
    assert 'name="hours-TOTAL_FORMS"' in location_page.content.decode()
    assert credential_page.status_code == 200


def test_the_anonymous_visitor_is_sent_to_log_in(client, credential):
    response = client.get(change_url(credential))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_without_credential_permissions_cannot_open_a_credential(client, credential):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(change_url(credential)).status_code == 403


def test_staff_who_may_not_verify_see_verification_read_only(client, sam, credential):
    client.force_login(sam)

    body = client.get(change_url(credential)).content.decode()

    assert 'name="issuing_body"' in body
    assert 'name="is_verified"' not in body


def test_staff_who_may_not_verify_cannot_verify_by_posting(client, sam, credential):
    client.force_login(sam)

    response = client.post(
        change_url(credential), post_data(credential, number="PT-99999", is_verified="on")
    )

    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.number == "PT-99999"  # The rest of the form was saved ...
    assert credential.is_verified is False  # ... but not the verification.
    assert credential.verified_by is None
    assert credential.verified_at is None


def test_staff_who_may_not_verify_cannot_unverify_either(client, sam, mona, credential):
    credential.mark_verified(mona)
    credential.save()
    client.force_login(sam)

    client.post(change_url(credential), post_data(credential))

    credential.refresh_from_db()
    assert credential.is_verified is True
    assert credential.verified_by == mona


def test_the_moderators_group_may_verify_credentials(mona):
    assert mona.has_perm("providers.verify_credential")
    assert mona.has_perm("providers.change_provider")


def test_a_moderator_marks_a_credential_verified_and_is_recorded(client, mona, credential):
    client.force_login(mona)
    before = timezone.now()

    assert 'name="is_verified"' in client.get(change_url(credential)).content.decode()
    response = client.post(change_url(credential), post_data(credential, is_verified="on"))

    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.is_verified is True
    assert credential.verified_by == mona
    assert credential.verified_at >= before


def test_a_moderator_clearing_verification_clears_who_and_when(client, mona, credential):
    credential.mark_verified(UserFactory())
    credential.save()
    client.force_login(mona)

    client.post(change_url(credential), post_data(credential))

    credential.refresh_from_db()
    assert credential.is_verified is False
    assert credential.verified_by is None
    assert credential.verified_at is None


def test_saving_a_verified_credential_again_keeps_who_verified_it(client, mona, credential):
    first = UserFactory()
    credential.mark_verified(first)
    credential.save()
    verified_at = credential.verified_at
    client.force_login(mona)

    client.post(change_url(credential), post_data(credential, is_verified="on"))

    credential.refresh_from_db()
    assert credential.verified_by == first
    assert credential.verified_at == verified_at


def test_a_moderator_who_changes_the_number_and_leaves_it_ticked_verifies_it_anew(
    client, mona, credential, frozen_clock
):
    credential.mark_verified(UserFactory())
    credential.save()
    first_check = credential.verified_at
    client.force_login(mona)
    frozen_clock.shift(datetime.timedelta(hours=1))

    client.post(change_url(credential), post_data(credential, number="NEW-1", is_verified="on"))

    credential.refresh_from_db()
    assert credential.number == "NEW-1"
    assert credential.verified_by == mona
    assert credential.verified_at > first_check


def provider_form(provider, credential, **credential_fields):
    """The provider change form's POST data, with one credential inline and no others."""
    data = {
        "name": provider.name,
        "slug": provider.slug,
        "kind": provider.kind,
        "description": provider.description,
        "website": "",
        "email": "",
        "phone": provider.phone,
        "accessibility_notes": "",
        "is_published": "on",
    }
    for prefix, count in [("locations", 0), ("offers", 0), ("practitioners", 0), ("photos", 0)]:
        data |= {f"{prefix}-TOTAL_FORMS": count, f"{prefix}-INITIAL_FORMS": count}
    data |= {
        "credentials-TOTAL_FORMS": 1,
        "credentials-INITIAL_FORMS": 1,
        "credentials-0-id": credential.pk,
        "credentials-0-provider": provider.pk,
        "credentials-0-kind": credential.kind,
        "credentials-0-issuing_body": credential.issuing_body,
        "credentials-0-number": credential.number,
        "credentials-0-valid_until": credential.valid_until.isoformat(),
        "credentials-0-practitioner": "",
        **{f"credentials-0-{name}": value for name, value in credential_fields.items()},
    }
    return data


@pytest.fixture
def bare_credential():
    return CredentialFactory(provider=ProviderFactory(), is_verified=False)


def test_staff_who_may_not_verify_cannot_verify_through_the_provider_inline(
    client, bare_credential
):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="providers",
            codename__in=["view_provider", "change_provider", "change_credential"],
        )
    )
    client.force_login(editor)
    provider = bare_credential.provider

    response = client.post(
        f"/admin/providers/provider/{provider.pk}/change/",
        provider_form(provider, bare_credential, number="INLINE-1", is_verified="on"),
    )

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    bare_credential.refresh_from_db()
    assert bare_credential.number == "INLINE-1"
    assert bare_credential.is_verified is False
    assert bare_credential.verified_by is None


def test_a_moderator_verifies_through_the_provider_inline(client, mona, bare_credential):
    client.force_login(mona)
    provider = bare_credential.provider

    response = client.post(
        f"/admin/providers/provider/{provider.pk}/change/",
        provider_form(provider, bare_credential, is_verified="on"),
    )

    assert response.status_code == 302, response.context["errors"] if response.context else ""
    credential = Credential.objects.get(pk=bare_credential.pk)
    assert credential.is_verified is True
    assert credential.verified_by == mona
    assert credential.verified_at is not None


def test_special_hours_without_hours_are_refused_with_the_input_kept(client, root):
    branch = LocationFactory()
    closure = branch.exceptions.create(date="2026-12-24", closed=True, reason="Eve")
    url = f"/admin/providers/openingexception/{closure.pk}/change/"

    response = client.post(url, {"location": branch.pk, "date": "2026-12-24", "reason": "Eve!"})

    assert response.status_code == 200
    assert "Give the special hours, or tick" in response.content.decode()
    assert 'value="Eve!"' in response.content.decode()
    closure.refresh_from_db()
    assert closure.closed and closure.reason == "Eve"


def test_special_hours_without_hours_are_refused_in_the_branch_inline(client, root):
    branch = LocationFactory()
    closure = branch.exceptions.create(date="2026-12-24", closed=True, reason="Eve")
    url = f"/admin/providers/location/{branch.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None}
    data.update(
        {
            "hours-TOTAL_FORMS": 0,
            "hours-INITIAL_FORMS": 0,
            "exceptions-TOTAL_FORMS": 1,
            "exceptions-INITIAL_FORMS": 1,
            "exceptions-0-id": closure.pk,
            "exceptions-0-location": branch.pk,
            "exceptions-0-date": "2026-12-24",
            "exceptions-0-reason": "Eve!",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Give the special hours, or tick" in response.content.decode()
    closure.refresh_from_db()
    assert closure.closed and closure.reason == "Eve"


def test_a_moderator_adds_a_place_people_name(client, mona):
    client.force_login(mona)
    response = client.post(
        "/admin/providers/place/add/",
        {
            "name": "Kampung Admiralty",
            "kind": "landmark",
            "latitude": "1.4395",
            "longitude": "103.8005",
        },
    )

    assert response.status_code == 302
    assert Place.objects.get(name="Kampung Admiralty").kind == "landmark"


def test_a_place_needs_a_point_or_the_area_it_stands_for(client, mona):
    client.force_login(mona)
    response = client.post("/admin/providers/place/add/", {"name": "Nowhere", "kind": "landmark"})

    assert response.status_code == 200
    assert "Give the place&#x27;s latitude and longitude" in response.content.decode()
    assert not Place.objects.exists()
