"""The dashboard's figures for each listing: enquiries, unanswered ones, reply time, views."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django.utils import timezone

from enquiries.figures import duration, for_listings
from enquiries.models import Enquiry, ProfileViews
from tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db
SGT = zoneinfo.ZoneInfo("Asia/Singapore")


def at(*args):
    return datetime.datetime(*args, tzinfo=SGT)


def received(provider, moment, answered_after=None, **fields):
    enquiry = EnquiryFactory(provider=provider, **fields)
    first = moment + answered_after if answered_after else None
    Enquiry.objects.filter(pk=enquiry.pk).update(
        created_at=moment, first_reply_at=first, status="contacted" if first else "new"
    )
    return enquiry


def figures(provider, now):
    return dict(for_listings([provider.pk], now)[provider.pk])


def test_an_enquiry_from_friday_is_unanswered_after_two_working_days(clinic):
    received(clinic, at(2026, 11, 20, 10, 0))  # a Friday

    monday = figures(clinic, at(2026, 11, 23, 18, 0))
    tuesday = figures(clinic, at(2026, 11, 24, 10, 1))

    assert monday["Unanswered for over 2 working days"] == 0
    assert tuesday["Unanswered for over 2 working days"] == 1


def test_the_week_the_median_reply_time_and_the_views(clinic):
    now = at(2026, 11, 25, 12, 0)
    received(clinic, now - datetime.timedelta(days=2), answered_after=datetime.timedelta(hours=2))
    received(clinic, now - datetime.timedelta(days=3), answered_after=datetime.timedelta(hours=4))
    received(clinic, now - datetime.timedelta(days=9), answered_after=datetime.timedelta(hours=30))
    received(clinic, now - datetime.timedelta(days=200), answered_after=datetime.timedelta(days=9))
    ProfileViews.objects.create(provider=clinic, day=datetime.date(2026, 11, 24), count=40)
    ProfileViews.objects.create(provider=clinic, day=datetime.date(2026, 11, 12), count=7)

    found = figures(clinic, now)

    assert found["Enquiries in the last 7 days"] == 2
    assert found["Median time to the first answer (last 90 days)"] == "4 hours"
    assert found["Profile views in the last 7 days"] == "40 (the 7 days before: 7)"


def test_a_listing_without_enquiries_says_so(clinic):
    found = figures(clinic, timezone.now())

    assert found["Enquiries in the last 7 days"] == 0
    assert found["Median time to the first answer (last 90 days)"] == "no answers yet"


@pytest.mark.parametrize(
    ("span", "words"),
    [(40, "40 minutes"), (60, "1 hour"), (47 * 60, "47 hours"), (72 * 60, "3 days")],
)
def test_durations_read_at_a_glance(span, words):
    assert duration(datetime.timedelta(minutes=span)) == words


def test_the_dashboard_shows_them(client, clinic):
    EnquiryFactory(provider=clinic)
    client.force_login(clinic.staff)

    page = client.get(reverse("manage:dashboard")).content.decode()

    assert "Enquiries in the last 7 days" in page
    assert reverse("inbox:list", args=[clinic.slug]) in page
