"""
Every change to a listing is recorded (who, when, what); the dashboard shows the recent ones;
Mona the moderator restores an earlier version from the admin.
"""

import pytest
from django.urls import reverse

from providers.models import OpeningHours, Provider
from tests.clinics.manage_forms import fields_of, grid_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mona(db):
    return UserFactory(username="mona", is_staff=True, groups=["Moderators"])


def edit_description(client, clinics, text):
    url = reverse("manage:provider", args=[clinics.a.provider.slug])
    data = fields_of(client.get(url).context["form"])
    data["description"] = text
    assert client.post(url, data).status_code == 302


def test_a_staff_edit_is_recorded_with_who_and_what(client, clinics):
    client.force_login(clinics.alice)
    edit_description(client, clinics, "Open on Sundays now.")

    latest = Provider.history.filter(id=clinics.a.provider.pk).latest("history_date")
    assert latest.history_user == clinics.alice
    assert latest.history_type == "~"
    assert latest.description == "Open on Sundays now."
    delta = latest.diff_against(latest.prev_record)
    assert "description" in delta.changed_fields


def test_an_hours_edit_is_recorded(client, clinics):
    client.force_login(clinics.alice)
    url = reverse("manage:hours", args=[clinics.a.provider.slug, clinics.a.branch.pk])
    page = client.get(url)
    data = grid_data(page.context["grid"])
    data["page-version"] = page.context["version_form"].initial["version"]
    data["tuesday-0-closes"] = "20:00"
    assert client.post(url, data).status_code == 302

    record = OpeningHours.history.filter(id=clinics.a.hours.pk).latest("history_date")
    assert record.history_user == clinics.alice
    assert f"{record.closes:%H:%M}" == "20:00"


def test_the_dashboard_shows_the_recent_changes_and_who_made_them(client, clinics):
    client.force_login(clinics.alice)
    edit_description(client, clinics, "Fresh words.")
    content = client.get(reverse("manage:dashboard")).content.decode()
    assert "Details of Clinic A changed" in content
    assert "alice" in content


def test_the_dashboard_shows_no_changes_of_another_clinic(client, clinics):
    client.force_login(clinics.bob)
    Provider.objects.filter(pk=clinics.a.provider.pk).get().save()
    content = client.get(reverse("manage:dashboard")).content.decode()
    assert "Clinic A" not in content


def test_a_moderator_restores_an_earlier_version_from_the_admin(client, clinics, mona):
    original = clinics.a.provider.description
    client.force_login(clinics.alice)
    edit_description(client, clinics, "Vandalised.")
    assert Provider.objects.get(pk=clinics.a.provider.pk).description == "Vandalised."

    client.force_login(mona)
    pk = clinics.a.provider.pk
    history_url = reverse("admin:providers_provider_history", args=[pk])
    assert client.get(history_url).status_code == 200
    before = Provider.history.filter(id=pk, description=original).order_by("history_date").last()
    restore_url = reverse("admin:providers_provider_simple_history", args=[pk, before.history_id])
    page = client.get(restore_url)
    assert page.status_code == 200
    data = fields_of(page.context["adminform"].form)
    assert data["description"] == original

    response = client.post(restore_url, data)

    assert response.status_code == 302, page.context["adminform"].form.errors
    restored = Provider.objects.get(pk=pk)
    assert restored.description == original
    latest = Provider.history.filter(id=pk).latest("history_date")
    assert latest.history_user == mona


def test_clinic_staff_cannot_open_the_history_in_the_admin(client, clinics):
    client.force_login(clinics.alice)
    url = reverse("admin:providers_provider_history", args=[clinics.a.provider.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
