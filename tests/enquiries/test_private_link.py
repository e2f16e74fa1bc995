"""
The patient's private link: what they sent and where it stands; a wrong or spent link finds
nothing; withdrawing erases the enquiry's personal data at once.
"""

import datetime

import pytest
from django.urls import reverse

from enquiries.models import Enquiry, EnquiryNote, EnquiryReply
from enquiries.tasks import erase_what_has_served_its_purpose
from tests.factories import EnquiryFactory

pytestmark = pytest.mark.django_db


def status_url(enquiry):
    return reverse("enquiries:status", args=[enquiry.token])


def test_the_link_shows_what_was_sent_and_is_kept_out_of_caches_and_search(client, clinic):
    enquiry = EnquiryFactory(provider=clinic)

    response = client.get(status_url(enquiry))

    page = response.content.decode()
    assert "Lim Wei Jie" in page
    assert "weekday evening?" in page
    assert "not answered yet" in page
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"


def test_the_link_says_when_the_clinic_has_answered(client, clinic):
    enquiry = EnquiryFactory(provider=clinic)
    enquiry.set_status("contacted")

    assert "The clinic has answered" in client.get(status_url(enquiry)).content.decode()


@pytest.mark.parametrize("token", ["x" * 43, "tampered", "a" * 300])
def test_a_wrong_link_finds_nothing(client, clinic, token):
    EnquiryFactory(provider=clinic)

    assert client.get(reverse("enquiries:status", args=[token])).status_code == 404
    assert client.post(reverse("enquiries:withdraw", args=[token])).status_code == 404


def test_withdrawing_erases_the_personal_data_at_once_and_keeps_the_count(client, clinic):
    enquiry = EnquiryFactory(provider=clinic)
    EnquiryNote.objects.create(enquiry=enquiry, author=clinic.staff, text="Called, no answer.")
    EnquiryReply.objects.create(enquiry=enquiry, author=clinic.staff, body="Yes, until 9 pm.")

    response = client.post(reverse("enquiries:withdraw", args=[enquiry.token]))

    assert "Your enquiry was withdrawn" in response.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.status == "withdrawn"
    assert enquiry.erased_at is not None
    assert (enquiry.name, enquiry.phone, enquiry.email, enquiry.message) == ("", "", "", "")
    assert enquiry.best_times == []
    assert not EnquiryNote.objects.exists() and not EnquiryReply.objects.exists()
    assert Enquiry.objects.filter(provider=clinic).count() == 1
    assert client.get(status_url(enquiry)).status_code == 404


def test_withdrawing_needs_a_post(client, clinic):
    enquiry = EnquiryFactory(provider=clinic)

    assert client.get(reverse("enquiries:withdraw", args=[enquiry.token])).status_code == 405
    enquiry.refresh_from_db()
    assert enquiry.name == "Lim Wei Jie"


def test_a_link_stops_working_once_its_enquiry_is_erased_on_schedule(client, clinic, frozen_clock):
    enquiry = EnquiryFactory(provider=clinic)
    enquiry.set_status("closed")
    frozen_clock.shift(datetime.timedelta(days=366))

    erase_what_has_served_its_purpose()

    assert client.get(status_url(enquiry)).status_code == 404
