"""Repeated failed logins lock that username out from that address (django-axes)."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_it_locks_a_username_out_after_repeated_failures(client, settings):
    user = UserFactory(username="clinic")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("login"), {"username": "clinic", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "clinic", "password": "wrong"})
    assert response.status_code == 429
    assert b"Too many failed logins" in response.content
    # Even the right password is refused while locked out.
    response = client.post(reverse("login"), {"username": "clinic", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert user.pk


def test_a_correct_login_works_and_goes_to_the_dashboard(client):
    UserFactory(username="clinic")
    response = client.post(reverse("login"), {"username": "clinic", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("manage:dashboard")


def test_the_admin_login_works_with_lockout(client):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    response = client.post("/admin/login/?next=/admin/", {"username": "root", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def fail_logins(client, times, forwarded_for):
    for _ in range(times):
        response = client.post(
            reverse("login"),
            {"username": "clinic", "password": "wrong"},
            REMOTE_ADDR="10.0.0.2",  # the TLS proxy
            HTTP_X_FORWARDED_FOR=forwarded_for,
        )
    return response


def test_behind_a_proxy_one_visitor_cannot_lock_out_another(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.2"]
    UserFactory(username="clinic")

    locked = fail_logins(client, settings.AXES_FAILURE_LIMIT, "203.0.113.9")
    from_the_clinic = client.post(
        reverse("login"),
        {"username": "clinic", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )

    assert locked.status_code == 429
    assert from_the_clinic.status_code == 302


def test_behind_a_proxy_a_forged_forwarded_address_does_not_dodge_the_lockout(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.2"]
    UserFactory(username="clinic")

    # Each attempt claims another address; the proxy appends the real one after it.
    for n in range(settings.AXES_FAILURE_LIMIT):
        response = fail_logins(client, 1, f"192.0.2.{n}, 203.0.113.9")

    assert response.status_code == 429


def test_a_client_reaching_the_site_directly_cannot_choose_its_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # but this client connects from elsewhere than the proxy
    UserFactory(username="clinic")

    for n in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            reverse("login"),
            {"username": "clinic", "password": "wrong"},
            REMOTE_ADDR="198.51.100.20",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )

    assert response.status_code == 429
