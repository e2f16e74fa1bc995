"""
The clinic's inbox at /manage/<slug>/enquiries/: new first, statuses, private notes, replies
by email under the clinic's name, who is told of new enquiries, and a fixed number of queries.
(Other clinics' staff, editors and anonymous visitors: tests/clinics/test_manage_permissions.)
"""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enquiries.models import Enquiry, EnquiryNote, EnquiryReply, InboxSettings
from tests.enquiries.conftest import typed
from tests.factories import EnquiryFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def inbox_url(provider, query=""):
    return reverse("inbox:list", args=[provider.slug]) + query


def names(response):
    return [enquiry.name for enquiry in response.context["enquiries"]]


def test_new_enquiries_come_first_then_the_newest(client, clinic, frozen_clock):
    old_new = EnquiryFactory(provider=clinic, name="Old but new")
    frozen_clock.shift(datetime.timedelta(hours=1))
    answered = EnquiryFactory(provider=clinic, name="Answered")
    answered.set_status("contacted")
    frozen_clock.shift(datetime.timedelta(hours=1))
    EnquiryFactory(provider=clinic, name="Newest")
    client.force_login(clinic.staff)

    response = client.get(inbox_url(clinic))

    assert names(response) == ["Newest", old_new.name, "Answered"]
    assert "+65 9123 4567" in response.content.decode()


def test_spam_shows_only_when_asked_for_and_erased_enquiries_never(client, clinic):
    EnquiryFactory(provider=clinic, name="Real")
    EnquiryFactory(provider=clinic, name="Spammer").set_status("spam")
    EnquiryFactory(provider=clinic, name="Withdrawn").withdraw()
    client.force_login(clinic.staff)

    assert names(client.get(inbox_url(clinic))) == ["Real"]
    assert names(client.get(inbox_url(clinic, "?status=spam"))) == ["Spammer"]
    assert names(client.get(inbox_url(clinic, "?status=withdrawn"))) == []
    assert names(client.get(inbox_url(clinic, "?status=<bad>"))) == ["Real"]


@pytest.mark.parametrize("count", [1, 50])
def test_the_inbox_takes_five_queries_for_1_or_50_enquiries(client, clinic, count):
    for n in range(count):
        EnquiryFactory(provider=clinic, name=f"Patient {n}")
    client.force_login(clinic.staff)
    client.get(inbox_url(clinic))  # the session's first-request work, once

    with CaptureQueriesContext(connection) as queries:
        response = client.get(inbox_url(clinic))

    assert len(response.context["enquiries"]) == count
    # Session, user, the listing (through the membership), the count, the page.
    assert len(queries) == 5


def test_marking_contacted_records_the_first_answer_once(client, clinic, frozen_clock):
    enquiry = EnquiryFactory(provider=clinic)
    url = enquiry.get_manage_url()
    client.force_login(clinic.staff)
    frozen_clock.shift(datetime.timedelta(hours=3))

    response = client.post(url, {"action": "status", "status-status": "contacted"})
    enquiry.refresh_from_db()
    first = enquiry.first_reply_at
    client.post(url, {"action": "status", "status-status": "closed"})
    enquiry.refresh_from_db()

    assert response.status_code == 302
    assert enquiry.status == "closed"
    assert enquiry.first_reply_at == first
    assert first - enquiry.created_at >= datetime.timedelta(hours=3)


def test_marking_spam_is_not_an_answer(client, clinic):
    enquiry = EnquiryFactory(provider=clinic)
    client.force_login(clinic.staff)

    client.post(enquiry.get_manage_url(), {"action": "status", "status-status": "spam"})

    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.first_reply_at) == ("spam", None)


def test_staff_cannot_set_a_status_they_do_not_own(client, clinic):
    enquiry = EnquiryFactory(provider=clinic)
    client.force_login(clinic.staff)

    response = client.post(
        enquiry.get_manage_url(), {"action": "status", "status-status": "withdrawn"}
    )

    assert "Select a valid choice." in response.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.status == "new"


def test_a_private_note_is_kept_and_the_patient_never_sees_it(client, clinic):
    enquiry = EnquiryFactory(provider=clinic)
    client.force_login(clinic.staff)
    note = {"action": "note", "note-text": "Prefers Mandarin.", "note-submission_key": "n1"}

    client.post(enquiry.get_manage_url(), note)
    client.post(enquiry.get_manage_url(), note)  # a double submit

    assert [n.text for n in EnquiryNote.objects.all()] == ["Prefers Mandarin."]
    assert EnquiryNote.objects.get().author == clinic.staff
    assert "Prefers Mandarin." in client.get(enquiry.get_manage_url()).content.decode()
    client.logout()
    status = client.get(reverse("enquiries:status", args=[enquiry.token]))
    assert "Prefers Mandarin." not in status.content.decode()


def test_a_reply_goes_by_email_under_the_clinics_name_and_answers_come_back_to_it(client, clinic):
    enquiry = EnquiryFactory(provider=clinic)
    client.force_login(clinic.staff)
    reply = {"action": "reply", "reply-body": "Yes: Tuesday 7 pm?", "reply-submission_key": "r1"}

    client.post(enquiry.get_manage_url(), reply)
    client.post(enquiry.get_manage_url(), reply)

    (sent,) = mail.outbox
    assert sent.to == ["wei.jie@example.org"]
    assert sent.from_email.startswith("Calm Spine Clinic via Back Pain Care Directory <")
    assert sent.reply_to == ["desk@calm.example"]
    assert "Yes: Tuesday 7 pm?" in sent.body
    assert EnquiryReply.objects.get().author == clinic.staff
    enquiry.refresh_from_db()
    assert enquiry.status == "contacted" and enquiry.first_reply_at is not None


def test_an_empty_reply_is_refused_and_nothing_is_sent(client, clinic):
    enquiry = EnquiryFactory(provider=clinic)
    client.force_login(clinic.staff)

    response = client.post(
        enquiry.get_manage_url(), {"action": "reply", "reply-body": "", "reply-submission_key": "r"}
    )

    assert "This field is required." in response.content.decode()
    assert mail.outbox == []


def test_without_an_email_address_the_page_says_to_call(client, clinic):
    enquiry = EnquiryFactory(provider=clinic, email="")
    client.force_login(clinic.staff)

    page = client.get(enquiry.get_manage_url()).content.decode()

    assert "The patient gave no email address" in page
    assert 'name="reply-body"' not in page


def test_staff_choose_who_is_told_and_the_reply_time_patients_see(client, clinic):
    colleague = UserFactory(username="ahmad", email="ahmad@calm.example")
    MembershipFactory(user=colleague, provider=clinic)
    client.force_login(clinic.staff)
    chosen = clinic.memberships.get(user=colleague)
    url = reverse("inbox:settings", args=[clinic.slug])

    refused = client.post(url, {"reply_time": 1})
    client.post(url, {"reply_time": 1, "told": [chosen.pk]})
    client.logout()
    client.post(reverse("enquiries:new", args=[clinic.slug]), typed())

    assert "Choose at least one person" in refused.content.decode()
    assert InboxSettings.objects.get(provider=clinic).reply_time == 1
    told = [m for m in mail.outbox if "/manage/" in m.body]
    assert [m.to for m in told] == [["ahmad@calm.example"]]
    form = client.get(reverse("enquiries:new", args=[clinic.slug])).content.decode()
    assert "within one working day" in form


def test_many_enquiries_at_once_make_one_email_to_the_clinic(client, clinic, task_queue):
    for n in range(3):
        client.post(reverse("enquiries:new", args=[clinic.slug]), typed(name=f"Patient {n}"))
    waiting = [task for task in task_queue.pending() if task.name == "tell_clinic"]
    later = datetime.datetime.now(datetime.UTC).replace(tzinfo=None) + datetime.timedelta(minutes=9)
    assert len(waiting) == 3
    assert all(task.eta > later for task in waiting)  # ENQUIRY_DIGEST_MINUTES from now

    task_queue.run_pending()  # as each falls due
    task_queue.run_pending()  # the emails they queued

    told = [m for m in mail.outbox if m.to == ["mei@calm.example"]]
    assert len(told) == 1
    assert told[0].subject == "3 new enquiries for Calm Spine Clinic"
    assert Enquiry.objects.filter(notified_at__isnull=True).count() == 0


def test_an_enquiry_after_the_email_is_told_of_in_the_next(client, clinic, task_queue):
    client.post(reverse("enquiries:new", args=[clinic.slug]), typed(name="First"))
    task_queue.run_pending()
    task_queue.run_pending()
    client.post(reverse("enquiries:new", args=[clinic.slug]), typed(name="Second"))
    task_queue.run_pending()
    task_queue.run_pending()

    told = [m.subject for m in mail.outbox if m.to == ["mei@calm.example"]]
    assert told == ["A new enquiry for Calm Spine Clinic"] * 2


def test_the_enquiry_page_of_another_listing_is_not_found(client, clinic):
    other = EnquiryFactory()
    client.force_login(clinic.staff)

    url = reverse("inbox:enquiry", args=[clinic.slug, other.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "status", "status-status": "spam"}).status_code == 404
    other.refresh_from_db()
    assert other.status == "new"
    assert timezone.now() >= other.created_at


def test_times_are_machine_readable_to_the_second_as_html_allows(client, clinic):
    enquiry = EnquiryFactory(provider=clinic)
    client.force_login(clinic.staff)
    detail = reverse("inbox:enquiry", args=[clinic.slug, enquiry.pk])

    for url in (inbox_url(clinic), detail):
        page = client.get(url).content.decode()
        stamps = re.findall(r'<time datetime="([^"]*)"', page)
        assert stamps, url
        # No fraction of a second: HTML allows at most three digits of one.
        assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", s) for s in stamps)
