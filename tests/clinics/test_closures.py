"""
Alice closes several branches of Clinic A at once (/manage/<slug>/closures/): on the market's
public holidays, ticked from its list, or on days she types; a day already entered for a
branch is left as it was; Clinic B's branches are out of her reach. Today is 25 Nov 2026.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from providers.models import OpeningException
from tests.clinics.manage_forms import fields_of
from tests.factories import LocationFactory
from tests.providers.rebuilds import search_rebuilds

pytestmark = pytest.mark.django_db

CHRISTMAS = datetime.date(2026, 12, 25)


@pytest.fixture
def alice(client, clinics):
    client.force_login(clinics.alice)
    return client


@pytest.fixture
def branches(clinics):
    clinics.a.branch.name = "Tampines branch"
    clinics.a.branch.save()
    return [clinics.a.branch, LocationFactory(provider=clinics.a.provider, name="Bedok branch")]


def closures_url(clinics):
    return reverse("manage:closures", args=[clinics.a.provider.slug])


def page_data(alice, clinics, **changes):
    data = fields_of(alice.get(closures_url(clinics)).context["form"])
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def closed(branch):
    return list(
        OpeningException.objects.filter(location=branch, date__lt="2099-01-01")
        .order_by("date")
        .values_list("date", "closed", "reason")
    )


def test_the_page_offers_the_coming_public_holidays_with_every_branch_ticked(
    alice, clinics, branches
):
    response = alice.get(closures_url(clinics))

    form = response.context["form"]
    assert sorted(form.initial["branches"]) == sorted(branch.pk for branch in branches)
    labels = dict(form.fields["holidays"].choices)
    assert labels["2026-12-25"] == "Fri 25 Dec 2026: Christmas Day"
    assert "2027-01-01" in labels
    assert "2026-11-08" not in labels  # Deepavali has passed
    content = response.content.decode()
    assert "The 2027 list is not complete yet: add other days by date." in content
    assert "The 2026 list" not in content


def test_a_ticked_holiday_closes_every_ticked_branch_with_its_name(alice, clinics, branches):
    data = page_data(alice, clinics, holidays=["2026-12-25"])

    with CaptureQueriesContext(connection) as queries:
        response = alice.post(closures_url(clinics), data, follow=True)

    for branch in branches:
        assert closed(branch) == [(CHRISTMAS, True, "Christmas Day")]
    assert "Added 2 closures." in response.content.decode()
    assert len(search_rebuilds(queries)) == 1  # through providers.changes, once


def test_an_unticked_branch_stays_open(alice, clinics, branches):
    data = page_data(alice, clinics, holidays=["2026-12-25"], branches=[str(branches[1].pk)])
    alice.post(closures_url(clinics), data)
    assert closed(branches[0]) == []
    assert closed(branches[1]) == [(CHRISTMAS, True, "Christmas Day")]


def test_a_holiday_already_entered_is_shown_as_such_and_not_added_again(alice, clinics, branches):
    OpeningException.objects.create(
        location=branches[0], date=CHRISTMAS, closed=False, opens="09:00", closes="13:00"
    )
    labels = dict(alice.get(closures_url(clinics)).context["form"].fields["holidays"].choices)
    assert labels["2026-12-25"] == (
        "Fri 25 Dec 2026: Christmas Day (already entered for Tampines branch)"
    )

    data = page_data(alice, clinics, holidays=["2026-12-25"])
    response = alice.post(closures_url(clinics), data, follow=True)

    assert closed(branches[0]) == [(CHRISTMAS, False, "")]  # its special hours kept
    assert closed(branches[1]) == [(CHRISTMAS, True, "Christmas Day")]
    content = response.content.decode()
    assert "Added 1 closure." in content
    assert "Already entered, so left as they were: Tampines branch on 25 Dec 2026." in content


def test_a_run_of_days_closes_each_day_with_the_reason_given(alice, clinics, branches):
    data = page_data(
        alice, clinics, first_day="2026-12-28", last_day="2026-12-30", reason="Renovation"
    )
    alice.post(closures_url(clinics), data)
    assert closed(branches[1]) == [
        (datetime.date(2026, 12, d), True, "Renovation") for d in (28, 29, 30)
    ]


def test_a_single_day_without_a_reason_that_is_a_holiday_takes_its_name(alice, clinics, branches):
    data = page_data(alice, clinics, first_day="2027-01-01")
    alice.post(closures_url(clinics), data)
    assert closed(branches[0]) == [(datetime.date(2027, 1, 1), True, "New Year's Day")]


def test_holidays_and_days_are_added_together(alice, clinics, branches):
    data = page_data(
        alice, clinics, holidays=["2026-12-25"], first_day="2026-12-24", reason="Staff party"
    )
    alice.post(closures_url(clinics), data)
    assert closed(branches[0]) == [
        (datetime.date(2026, 12, 24), True, "Staff party"),
        (CHRISTMAS, True, "Christmas Day"),
    ]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({}, "Tick a public holiday or give a date."),
        ({"first_day": "2026-11-24"}, "This date has passed."),
        ({"first_day": "2026-12-10", "last_day": "2026-12-09"}, "comes before the first one"),
        ({"last_day": "2026-12-09"}, "Give the first day closed too."),
        ({"first_day": "2026-12-01", "last_day": "2027-01-01"}, "at most 31 days at a time"),
        ({"first_day": "2026-12-01", "branches": []}, "Tick at least one branch."),
        ({"first_day": "soon"}, "Enter a valid date."),
        ({"holidays": ["2026-12-26"]}, "Select a valid choice."),
    ],
)
def test_what_cannot_be_closed_is_refused_with_everything_typed_kept(
    alice, clinics, branches, changes, error
):
    data = page_data(alice, clinics, reason="Kept as typed", **changes)

    response = alice.post(closures_url(clinics), data)

    assert response.status_code == 200
    content = response.content.decode()
    assert error in content
    assert 'value="Kept as typed"' in content
    assert all(closed(branch) == [] for branch in branches)


def test_thirty_one_days_are_allowed(alice, clinics, branches):
    data = page_data(alice, clinics, first_day="2026-12-01", last_day="2026-12-31")
    alice.post(closures_url(clinics), data)
    assert len(closed(branches[0])) == 31


def test_another_clinics_branch_is_refused(alice, clinics, branches):
    data = page_data(alice, clinics, holidays=["2026-12-25"], branches=[str(clinics.b.branch.pk)])

    response = alice.post(closures_url(clinics), data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert closed(clinics.b.branch) == []


def test_the_same_form_posted_twice_adds_the_closures_once(alice, clinics, branches):
    data = page_data(alice, clinics, first_day="2026-12-28", reason="Renovation")
    alice.post(closures_url(clinics), data)
    OpeningException.objects.filter(date="2026-12-28").delete()  # deleted meanwhile
    response = alice.post(closures_url(clinics), data, follow=True)
    assert "it was not added twice" in response.content.decode()
    assert closed(branches[0]) == []


def test_each_branchs_page_leads_to_the_closures_of_several_branches(alice, clinics, branches):
    url = reverse("manage:exceptions", args=[clinics.a.provider.slug, branches[0].pk])
    assert closures_url(clinics) in alice.get(url).content.decode()
