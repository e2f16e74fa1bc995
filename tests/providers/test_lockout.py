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
