"""
A patient sends a clinic an enquiry or a call-back request: what is stored, what is emailed to
whom, and every way the form refuses what it should, keeping what was typed.
"""

import time

import pytest
from django.core import mail
from django.urls import reverse

from enquiries.forms import started_token
from enquiries.models import Enquiry, EnquiryKind
from tests.enquiries.conftest import typed
from tests.factories import LocationFactory, ProviderFactory, ProviderServiceFactory

pytestmark = pytest.mark.django_db


def form_url(provider):
    return reverse("enquiries:new", args=[provider.slug])


def test_an_enquiry_is_stored_with_the_consent_given_and_leads_to_its_private_page(client, clinic):
    response = client.post(form_url(clinic), typed())

    enquiry = Enquiry.objects.get()
    assert enquiry.provider == clinic
    assert enquiry.name == "Lim Wei Jie"
    assert enquiry.best_times == ["evenings"]
    assert enquiry.status == "new"
    assert "keeps it for 365 days after it is closed" in enquiry.consent
    assert enquiry.consented_at is not None
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Your enquiry was sent." in page.content.decode()
    assert "within two working days" in page.content.decode()


def test_the_patient_is_emailed_a_private_link_and_the_clinic_only_that_one_waits(client, clinic):
    client.post(form_url(clinic), typed())

    receipt, notice = sorted(mail.outbox, key=lambda m: m.to != ["wei.jie@example.org"])
    assert receipt.to == ["wei.jie@example.org"]
    link = next(line for line in receipt.body.splitlines() if "/enquiries/" in line)
    assert client.get(link.strip()).status_code == 200
    assert notice.to == ["mei@calm.example"]
    assert "/manage/calm-spine/enquiries/" in notice.body
    for personal in ("Lim", "9123", "wei.jie", "lower back pain", "evenings"):
        assert personal not in notice.subject + notice.body


def test_a_call_back_needs_a_phone_number_and_keeps_what_was_typed(client, clinic):
    response = client.post(form_url(clinic), typed(kind="call_back", phone=""))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Give a phone number for the clinic to call you back on." in page
    assert 'value="Lim Wei Jie"' in page
    assert "weekday evenings?" in page
    assert not Enquiry.objects.exists()
    assert mail.outbox == []


def test_an_enquiry_needs_a_phone_number_or_an_email_address(client, clinic):
    response = client.post(form_url(clinic), typed(phone="", email=""))

    assert "Give a phone number or an email address" in response.content.decode()
    assert not Enquiry.objects.exists()


def test_an_email_address_alone_is_enough_for_an_enquiry(client, clinic):
    client.post(form_url(clinic), typed(phone=""))

    assert Enquiry.objects.get().phone == ""


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"agree": None}, "Tick this to send the enquiry"),
        ({"message": "x" * 1001}, "at most 1000 characters"),
        ({"phone": "call me maybe"}, "Write the number with digits only"),
        ({"email": "wei.jie@"}, "Enter a valid email address."),
        ({"name": ""}, "This field is required."),
        ({"kind": "booking"}, "Select a valid choice."),
        ({"best_times": ["midnight"]}, "Select a valid choice."),
    ],
)
def test_bad_input_is_refused_beside_its_field_with_everything_kept(client, clinic, changes, error):
    response = client.post(form_url(clinic), typed(**changes))

    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert "Nothing was sent yet" in page
    assert "weekday evenings?" in page or "x" * 1001 in page
    assert not Enquiry.objects.exists()


def test_the_message_may_be_exactly_1000_characters(client, clinic):
    client.post(form_url(clinic), typed(message="x" * 1000))

    assert len(Enquiry.objects.get().message) == 1000


def test_nothing_is_ticked_or_asked_for_marketing_when_the_form_opens(client, clinic):
    page = client.get(form_url(clinic)).content.decode()

    assert "checked" not in page.split('name="kind"', 2)[2]  # only the kind has a default
    assert "marketing" not in page.replace("never ask for marketing consent", "")
    assert "medical details" in page
    assert reverse("privacy") in page


def test_the_branch_and_treatment_are_chosen_from_the_listing_only(client, clinic):
    other_branch = LocationFactory(provider=ProviderFactory())
    offer = ProviderServiceFactory(provider=clinic)

    refused = client.post(form_url(clinic), typed(location=other_branch.pk))
    client.post(form_url(clinic), typed(service=offer.service.pk))

    assert "Select a valid choice." in refused.content.decode()
    assert Enquiry.objects.get().service == offer.service


def test_a_double_submit_stores_one_enquiry(client, clinic):
    data = typed()

    first = client.post(form_url(clinic), data)
    second = client.post(form_url(clinic), data)

    assert Enquiry.objects.count() == 1
    assert second.status_code == 302
    assert second["Location"] == reverse("enquiries:sent", args=[clinic.slug])
    assert first["Location"] != second["Location"]


def test_a_filled_in_hidden_field_is_thanked_and_stores_nothing(client, clinic):
    response = client.post(form_url(clinic), typed(website="http://spam.example"))

    assert response.status_code == 302
    assert response["Location"] == reverse("enquiries:sent", args=[clinic.slug])
    assert not Enquiry.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    "started",
    [started_token(time.time()), "tampered", "", started_token(time.time() - 2 * 24 * 3600)],
    ids=["sent at once", "tampered", "missing", "open for two days"],
)
def test_a_form_sent_too_soon_or_with_a_bad_clock_is_shown_again(client, clinic, started):
    response = client.post(form_url(clinic), typed(started=started))

    page = response.content.decode()
    assert "Please check your enquiry and send it again." in page
    assert 'value="Lim Wei Jie"' in page
    assert not Enquiry.objects.exists()


def test_a_flood_from_one_address_is_refused_with_429_and_the_form_kept(client, clinic, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "enquiry": {"address": "3/h", "target": "99/h"}}

    statuses = [client.post(form_url(clinic), typed()).status_code for _ in range(5)]
    refused = client.post(form_url(clinic), typed(name="Tan Ah Kow"))

    assert statuses == [302, 302, 302, 429, 429]
    assert Enquiry.objects.count() == 3
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert 'value="Tan Ah Kow"' in refused.content.decode()


def test_a_flood_to_one_clinic_from_many_addresses_is_refused(client, clinic, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "enquiry": {"address": "99/h", "target": "2/h"}}

    statuses = [
        client.post(form_url(clinic), typed(), REMOTE_ADDR=f"203.0.113.{n}").status_code
        for n in range(4)
    ]
    other = ProviderFactory(slug="other")

    assert statuses == [302, 302, 429, 429]
    assert Enquiry.objects.count() == 2
    assert client.get(form_url(other)).status_code == 200


def test_a_listing_without_staff_says_whom_to_contact_instead(client):
    provider = ProviderFactory(slug="unclaimed", phone="+65 6123 4567")

    response = client.get(form_url(provider))
    sent = client.post(form_url(provider), typed())

    assert "does not answer enquiries through this site yet" in response.content.decode()
    assert "tel:+6561234567" in response.content.decode()
    assert sent.status_code == 200
    assert not Enquiry.objects.exists()


def test_an_unknown_or_hidden_listing_is_not_found(client):
    hidden = ProviderFactory(slug="hidden", is_published=False)

    assert client.get("/providers/no-such-clinic/enquiry/").status_code == 404
    assert client.get(form_url(hidden)).status_code == 404


def test_the_call_back_link_opens_the_form_asking_for_a_call_back(client, clinic):
    response = client.get(form_url(clinic) + "?kind=call_back")

    assert response.context["form"]["kind"].value() == EnquiryKind.CALL_BACK
    assert client.get(form_url(clinic) + "?kind=<script>").status_code == 200
