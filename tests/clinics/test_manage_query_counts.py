"""
The /manage/ pages issue a pinned number of SQL queries, and the number does not grow with
the rows they show (more branches, hours, services, practitioners, credentials, photos, or
more listings on the dashboard). The counts include the session and user lookups.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinics.models import Membership, MembershipRole
from providers.models import OpeningHours, Photo
from tests.clinics.fixtures import clinic, tiny_png
from tests.clinics.test_manage_permissions import manage_patterns, url_for
from tests.factories import (
    CredentialFactory,
    LocationFactory,
    PractitionerFactory,
    ProviderServiceFactory,
)

pytestmark = pytest.mark.django_db

# What each page's GET costs today; a change that adds queries has to say why here.
PINNED = {
    # 3 of them count enquiries and profile views for every listing, 1 the open reports
    "manage:dashboard": 18,
    "manage:provider": 8,
    "manage:branches": 5,
    "manage:branch_add": 4,
    "manage:branch": 6,
    "manage:branch_delete": 5,
    "manage:hours": 6,
    "manage:exceptions": 5,
    "manage:exception_delete": 4,
    # the branches twice (the checkboxes and which are ticked), the holidays entered, those to come
    "manage:closures": 8,
    "manage:import": 3,
    "manage:import_template": 2,
    "manage:import_job": 3,
    "manage:import_progress": 3,
    "manage:hours_reviewed": 3,  # POST only: GET answers 405
    "manage:confirm": 3,  # POST only
    "manage:services": 7,
    "manage:practitioners": 4,
    "manage:practitioner_add": 4,
    "manage:practitioner": 7,
    "manage:practitioner_delete": 4,
    "manage:credentials": 4,
    "manage:credential_add": 4,
    "manage:credential": 6,
    "manage:credential_delete": 4,
    "manage:photos": 5,
    "manage:photo_delete": 4,
    "manage:team": 6,
    "manage:invitation_revoke": 6,
    "inbox:list": 5,
    "inbox:settings": 6,
    "inbox:enquiry": 6,
    "reports:list": 6,
}


def counts(client, clinics):
    found = {}
    for name, route in manage_patterns():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url_for(name, route, clinics.a))
        assert response.status_code in (200, 405), name
        found[name] = len(queries)
    return found


def grow(clinics):
    """Several more of everything on Clinic A's pages, and two more listings for Alice."""
    a = clinics.a
    for day in range(2, 7):
        OpeningHours.objects.create(location=a.branch, weekday=day, opens="09:00", closes="17:00")
    for _ in range(3):
        LocationFactory(provider=a.provider, hours=[(0, "08:00", "12:00"), (0, "13:00", "18:00")])
        ProviderServiceFactory(provider=a.provider)
        practitioner = PractitionerFactory(provider=a.provider)
        CredentialFactory(provider=a.provider, practitioner=practitioner)
        Photo.objects.create(provider=a.provider, image=tiny_png(), alt_text="More")
    for name in ("C", "D"):
        Membership.objects.create(
            user=clinics.alice, provider=clinic(name).provider, role=MembershipRole.MEMBER
        )


def test_every_manage_page_is_pinned():
    assert set(PINNED) == {name for name, _ in manage_patterns()}


def test_manage_pages_stay_within_their_pinned_queries_however_much_they_show(
    client, clinics, django_assert_max_num_queries
):
    client.force_login(clinics.alice)
    client.get(reverse("manage:dashboard"))  # the session's first-request work, once
    small = counts(client, clinics)
    grow(clinics)
    large = counts(client, clinics)

    assert large == small
    for name, count in large.items():
        assert count <= PINNED[name], (name, count)
    with django_assert_max_num_queries(PINNED["manage:dashboard"]):
        client.get(reverse("manage:dashboard"))
