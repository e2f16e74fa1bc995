"""
The nightly erasure: an enquiry's personal data goes ENQUIRY_RETENTION_DAYS after it is
closed (or after it was last handled), spam after ENQUIRY_SPAM_RETENTION_DAYS; the rows stay
to be counted.
"""

import datetime

import pytest
from django.utils import timezone

from enquiries.models import Enquiry, EnquiryNote
from enquiries.tasks import erase_what_has_served_its_purpose
from tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def aged(status, days, **fields):
    """An enquiry moved to `status` that many days ago."""
    enquiry = EnquiryFactory(**fields)
    Enquiry.objects.filter(pk=enquiry.pk).update(
        status=status, status_changed_at=timezone.now() - days * DAY
    )
    return enquiry


def erased(enquiry):
    enquiry.refresh_from_db()
    return enquiry.erased_at is not None and enquiry.name == "" and enquiry.message == ""


def test_closed_enquiries_are_erased_a_year_after_they_were_closed(settings):
    assert settings.ENQUIRY_RETENTION_DAYS == 365
    old, recent = aged("closed", 366), aged("closed", 364)
    EnquiryNote.objects.create(enquiry=old, text="Booked for Tuesday.")

    assert erase_what_has_served_its_purpose.call_local() == 1

    assert erased(old) and not erased(recent)
    assert not EnquiryNote.objects.exists()
    assert Enquiry.objects.count() == 2


def test_spam_is_erased_after_30_days():
    old, recent = aged("spam", 31), aged("spam", 29)

    erase_what_has_served_its_purpose()

    assert erased(old) and not erased(recent)


def test_enquiries_left_open_are_erased_a_year_after_they_were_last_handled():
    forgotten, contacted, answered_lately = (
        aged("new", 366),
        aged("contacted", 366),
        aged("contacted", 10),
    )

    erase_what_has_served_its_purpose()

    assert erased(forgotten) and erased(contacted) and not erased(answered_lately)


def test_the_retention_is_a_setting(settings):
    settings.ENQUIRY_RETENTION_DAYS = 30
    enquiry = aged("closed", 31)

    erase_what_has_served_its_purpose()

    assert erased(enquiry)


def test_the_job_runs_on_the_clock_it_is_given():
    enquiry = aged("closed", 300)

    assert erase_what_has_served_its_purpose.call_local(now=timezone.now()) == 0
    assert erase_what_has_served_its_purpose.call_local(now=timezone.now() + 70 * DAY) == 1
    assert erased(enquiry)
