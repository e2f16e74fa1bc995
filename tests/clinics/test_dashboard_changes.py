"""
The dashboard's recent changes say what changed in the words staff use, with names, including
opening hours and closures, who made each change and when (in the site's time zone). Today is
25 Nov 2026, 10:30 in Singapore.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinics.dashboard import listings_for
from providers.models import Location, OpeningException
from tests.clinics.manage_forms import fields_of, grid_data
from tests.factories import LocationFactory, ProviderServiceFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(client, clinics):
    clinics.alice.first_name, clinics.alice.last_name = "Alice", "Tan"
    clinics.alice.save()
    client.force_login(clinics.alice)
    clinics.a.branch.name = "Tampines branch"
    clinics.a.branch.save()
    return client


def changes(clinics):
    (listing,) = listings_for(clinics.alice)
    return [change.what for change in listing.changes]


def test_a_service_is_named_and_a_new_price_says_what_it_was(clinics):
    offer = ProviderServiceFactory(
        provider=clinics.a.provider, service=ServiceFactory(name="Deep tissue massage")
    )
    offer.price = Decimal("90.00")
    offer.save()

    found = changes(clinics)

    assert found[:2] == [
        "Price of Deep tissue massage changed from SGD 80 to SGD 90",
        "Service “Deep tissue massage” added",
    ]
    assert not any("#" in change for change in found)


def test_a_week_of_hours_saved_is_one_line_naming_the_branch(alice, clinics):
    url = reverse("manage:hours", args=[clinics.a.provider.slug, clinics.a.branch.pk])
    page = alice.get(url)
    data = grid_data(page.context["grid"])
    data["page-version"] = page.context["version_form"].initial["version"]
    for day in ("monday", "wednesday", "thursday"):
        data.update({f"{day}-0-opens": "09:00", f"{day}-0-closes": "18:00"})
    assert alice.post(url, data).status_code == 302

    found = changes(clinics)

    assert found[0] == "Opening hours of Tampines branch changed"
    assert found[1] != "Opening hours of Tampines branch changed"  # three rows, one line


def test_closures_of_several_branches_at_once_are_one_line(alice, clinics):
    LocationFactory(provider=clinics.a.provider, name="Bedok branch")
    url = reverse("manage:closures", args=[clinics.a.provider.slug])
    data = fields_of(alice.get(url).context["form"])
    data["holidays"] = ["2026-12-25"]
    assert alice.post(url, data).status_code == 302

    found = changes(clinics)

    assert found[0] in (
        "Closed on 25 Dec 2026 (Christmas Day) at Bedok branch and Tampines branch",
        "Closed on 25 Dec 2026 (Christmas Day) at Tampines branch and Bedok branch",
    )


def test_special_hours_and_a_removed_closure_are_said_so(clinics):
    branch = clinics.a.branch
    branch.name = "Tampines branch"
    branch.save()
    OpeningException.objects.create(
        location=branch,
        date=datetime.date(2026, 12, 24),
        closed=False,
        opens="09:00",
        closes="13:00",
        reason="Christmas Eve",
    )
    clinics.a.exception.delete()

    found = changes(clinics)

    assert found[:2] == [
        "Closure on 25 Dec 2099 removed at Tampines branch",
        "Open 09:00–13:00 only on 24 Dec 2026 (Christmas Eve) at Tampines branch",
    ]


def test_a_deleted_branchs_changes_keep_its_name(clinics):
    clinics.a.branch.name = "Tampines branch"
    clinics.a.branch.save()
    Location.objects.filter(pk=clinics.a.branch.pk).delete()
    found = changes(clinics)
    assert found[0] == "Branch “Tampines branch” deleted"
    assert "Opening hours of Tampines branch changed" in found


def test_the_page_says_who_made_each_change_and_when_in_the_sites_time_zone(alice, clinics):
    url = reverse("manage:provider", args=[clinics.a.provider.slug])
    data = fields_of(alice.get(url).context["form"])
    data["description"] = "Fresh words."
    assert alice.post(url, data).status_code == 302

    content = alice.get(reverse("manage:dashboard")).content.decode()

    assert "25 Nov 2026 10:30</time>: Details of Clinic A changed by Alice Tan" in content
    assert 'datetime="2026-11-25T10:30:' in content and "+0800" in content


def test_confirming_the_listing_and_checking_the_hours_are_said_so(alice, clinics):
    slug = clinics.a.provider.slug
    alice.post(reverse("manage:hours_reviewed", args=[slug]))
    alice.post(reverse("manage:confirm", args=[slug]))
    assert changes(clinics)[:2] == [
        "Details of Clinic A confirmed as correct",
        "Opening hours checked as still right",
    ]


def test_the_dashboard_reads_as_many_queries_however_long_the_history(alice, clinics):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert alice.get(reverse("manage:dashboard")).status_code == 200
        return len(captured)

    alice.get(reverse("manage:dashboard"))  # the session's first-request work, once
    before = queries()
    for n in range(3):
        branch = LocationFactory(provider=clinics.a.provider, hours=[(n, "09:00", "18:00")])
        OpeningException.objects.create(location=branch, date=datetime.date(2026, 12, 25))
        offer = ProviderServiceFactory(provider=clinics.a.provider)
        offer.price = Decimal("95.00")
        offer.save()
    branch.delete()

    assert queries() == before
