"""
Rebuilding the data package from the admin: Mona the moderator queues a build from the API
keys' list; Sam, staff without the permission, and Pat, who is not staff, cannot.
"""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from api import export
from api.models import ApiKey
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REBUILD = reverse("admin:api_rebuild_export")
KEYS = reverse("admin:api_apikey_changelist")


@pytest.fixture(autouse=True)
def storage(settings, tmp_path):
    """Each test's packages in a folder of its own."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def mona(client):
    client.force_login(UserFactory(username="mona", is_staff=True, groups=["Moderators"]))
    return client


def test_a_moderator_queues_a_build_and_is_told_when_the_last_was_built(mona, listings, task_queue):
    export.build()  # at CURRENT_TIME, 25 November 2026, 10:30

    response = mona.post(REBUILD)

    assert response.status_code == 302 and response["Location"] == KEYS
    assert [task.name for task in task_queue.pending()] == ["build_export"]
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "A new data package is queued" in message
    assert "Nov. 25, 2026, 10:30 a.m." in message

    task_queue.run_pending()
    assert len(export.built()) == 2


def test_the_list_offers_the_button_and_says_when_it_was_last_built(mona):
    page = mona.get(KEYS).content.decode()
    assert f'action="{REBUILD}"' in page and "csrfmiddlewaretoken" in page
    assert "has not been built yet" in page


def test_only_a_post_with_a_csrf_token_rebuilds(listings, task_queue):
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(UserFactory(is_staff=True, groups=["Moderators"]))
    assert checked.get(REBUILD).status_code == 405
    assert checked.post(REBUILD).status_code == 403
    assert task_queue.pending() == []


def test_staff_without_the_permission_are_refused(client, task_queue):
    client.force_login(UserFactory(username="sam", is_staff=True))
    assert client.post(REBUILD).status_code == 403
    assert task_queue.pending() == []


def test_someone_who_is_not_staff_is_sent_to_log_in(client, task_queue):
    client.force_login(UserFactory(username="pat"))
    response = client.post(REBUILD)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert task_queue.pending() == []


def test_a_moderator_issues_and_withdraws_keys_as_the_readme_says(mona):
    response = mona.post(
        reverse("admin:api_apikey_add"),
        {"name": "Referral app", "owner_email": "dev@example.org", "limit": 600, "active": "on"},
    )
    assert response.status_code == 200 and "API key issued" in response.content.decode()
    key = ApiKey.objects.get(name="Referral app")
    change = reverse("admin:api_apikey_change", args=[key.pk])
    assert mona.get(change).status_code == 200
    assert mona.get(reverse("admin:api_apikey_delete", args=[key.pk])).status_code == 403
