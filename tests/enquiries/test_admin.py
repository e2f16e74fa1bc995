"""
Moderators in the admin: enquiries by listing and status, the unanswered ones across listings,
spam marking, and the count per listing; an editor sees none of it.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from enquiries.models import Enquiry
from tests.factories import EnquiryFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client):
    user = UserFactory(username="mod", is_staff=True, groups=["Moderators"])
    client.force_login(user)
    return user


def test_moderators_list_enquiries_by_status(client, moderator, clinic):
    EnquiryFactory(provider=clinic, name="Waiting")
    EnquiryFactory(provider=clinic, name="Done").set_status("closed")

    response = client.get(reverse("admin:enquiries_enquiry_changelist") + "?status__exact=new")

    assert response.status_code == 200
    assert [str(e.status) for e in response.context["cl"].result_list] == ["new"]


def test_moderators_find_the_enquiries_left_unanswered_across_listings(client, moderator):
    old = EnquiryFactory(provider=ProviderFactory(slug="slow"))
    Enquiry.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=9))
    EnquiryFactory(provider=ProviderFactory(slug="fresh"))

    response = client.get(reverse("admin:enquiries_enquiry_changelist") + "?unanswered=2")

    assert [e.pk for e in response.context["cl"].result_list] == [old.pk]


def test_moderators_mark_spam_which_starts_its_30_days(client, moderator, clinic):
    enquiry = EnquiryFactory(provider=clinic)

    client.post(
        reverse("admin:enquiries_enquiry_changelist"),
        {"action": "mark_spam", "_selected_action": [enquiry.pk]},
    )

    enquiry.refresh_from_db()
    assert enquiry.status == "spam"
    assert timezone.now() - enquiry.status_changed_at < datetime.timedelta(minutes=1)


def test_moderators_cannot_rewrite_what_the_patient_sent(client, moderator, clinic):
    enquiry = EnquiryFactory(provider=clinic)
    url = reverse("admin:enquiries_enquiry_change", args=[enquiry.pk])

    client.post(url, {"status": "spam", "name": "Changed", "message": "Changed"})

    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.name) == ("spam", "Lim Wei Jie")
    assert client.get(reverse("admin:enquiries_enquiry_add")).status_code == 403


def test_the_count_per_listing_lists_the_listings_that_receive_enquiries(client, moderator, clinic):
    EnquiryFactory(provider=clinic)
    EnquiryFactory(provider=clinic).set_status("spam")
    ProviderFactory(slug="quiet")

    response = client.get(reverse("admin:enquiries_listingenquiries_changelist"))

    (row,) = response.context["cl"].result_list
    assert (row.name, row.received, row.new, row.spam) == ("Calm Spine Clinic", 2, 1, 1)


def test_an_editor_sees_no_enquiries(client, clinic):
    EnquiryFactory(provider=clinic)
    client.force_login(UserFactory(is_staff=True, groups=["Editors"]))

    assert client.get(reverse("admin:enquiries_enquiry_changelist")).status_code == 403
    assert client.get(reverse("admin:enquiries_listingenquiries_changelist")).status_code == 403
