"""
The moderators' desk (/admin/desk/): each thing that waits for them, counted, with a link to
the admin list that shows exactly those; and each area's coverage, drawn on the server.
"""

import datetime

import pytest
from django.urls import reverse

from clinics.models import ClaimRequest
from corrections.models import Problem, Report
from providers.models import Provider
from tests.factories import (
    AreaFactory,
    CredentialFactory,
    EnquiryFactory,
    LocationFactory,
    ProviderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DESK = "/admin/desk/"


@pytest.fixture
def mona(client):
    moderator = UserFactory(username="mona", is_staff=True, groups=["Moderators"])
    client.force_login(moderator)
    return moderator


def counts(response):
    return {item.label: item.count for item in response.context["waiting"]}


def test_each_waiting_thing_is_counted(client, mona, frozen_clock):
    provider = ProviderFactory()
    ClaimRequest.objects.create(
        provider=provider,
        name="A",
        role="Owner",
        email="a@example.org",
        phone="1",
        verification="x",
    )
    Report.objects.create(provider=provider, problem=Problem.HOURS)
    Report.objects.create(provider=provider, problem=Problem.CLOSED, status="fixed")
    stale = ProviderFactory()
    Provider.objects.filter(pk=stale.pk).update(
        confirmed_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)
    )
    CredentialFactory(provider=provider, valid_until=datetime.date(2026, 12, 10))
    CredentialFactory(provider=provider, valid_until=datetime.date(2027, 6, 1))
    EnquiryFactory(provider=provider)
    frozen_clock.shift(datetime.timedelta(days=7))

    response = client.get(DESK)

    assert response.status_code == 200
    assert counts(response) == {
        "Claims waiting for a decision": 1,
        "Possible duplicate listings": 0,
        "Open reports of wrong information": 1,
        "Listings not confirmed for over a year": 1,
        "Credentials expiring within 30 days": 1,
        "Enquiries unanswered for over 2 working days": 1,
    }


def test_each_link_lists_what_was_counted(client, mona):
    provider = ProviderFactory()
    Report.objects.create(provider=provider, problem=Problem.HOURS)
    Report.objects.create(provider=provider, problem=Problem.CLOSED, status="fixed")
    CredentialFactory(provider=provider, valid_until=datetime.date(2026, 12, 1))

    for item in client.get(DESK).context["waiting"]:
        listed = client.get(item.link)
        assert listed.status_code == 200, item.label
        assert listed.context["cl"].result_count == item.count, item.label


def test_the_coverage_chart_shows_every_area_and_names_the_empty_ones(client, mona):
    region = AreaFactory(name="East Region", parent=None)
    covered = AreaFactory(name="Bedok", parent=region)
    AreaFactory(name="Changi Bay", parent=region)
    LocationFactory(area=covered)
    LocationFactory(area=covered, provider=ProviderFactory(is_published=False))

    response = client.get(DESK)
    bars = {bar.name: bar.count for bar in response.context["bars"]}

    assert bars["Bedok"] == 1 and bars["Changi Bay"] == 0
    page = response.content.decode()
    assert '<svg class="desk-chart" role="img"' in page
    assert "with none: " in page and "Changi Bay" in page


def test_the_admin_index_links_the_desk_for_moderators(client, mona):
    assert reverse("moderators_desk") in client.get("/admin/").content.decode()


def test_editors_and_clinic_staff_cannot_open_the_desk(client):
    client.force_login(UserFactory(is_staff=True, groups=["Editors"]))
    assert client.get(DESK).status_code == 403
    assert reverse("moderators_desk") not in client.get("/admin/").content.decode()

    client.force_login(UserFactory())
    assert client.get(DESK).status_code == 302  # to the admin's login


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(DESK)

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
