"""
A listing's details are confirmed, in one click, by its staff on their dashboard or by a
moderator in the admin (HSDS's assured_date). The profile says when; after 90 days the staff
are reminded; after a year the profile says the details may be out of date and moderators
see the listing flagged.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import strip_tags

from clinics.tasks import remind_to_confirm
from providers.models import ConfirmedAs, Provider
from tests.conftest import committed
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def confirmed(provider, days_ago, now):
    Provider.objects.filter(pk=provider.pk).update(
        confirmed_at=now - days_ago * DAY, confirmed_as=ConfirmedAs.CLINIC
    )


def profile(client, provider):
    """The profile's text, without its tags."""
    return strip_tags(client.get(provider.get_absolute_url()).content.decode())


def test_staff_confirm_their_listing_in_one_click(client, clinics, frozen_clock):
    client.force_login(clinics.alice)

    response = client.post(reverse("manage:confirm", args=[clinics.a.provider.slug]), follow=True)

    assert "shows its details as confirmed by the clinic today" in response.content.decode()
    provider = Provider.objects.get(pk=clinics.a.provider.pk)
    assert provider.confirmed_by == clinics.alice
    assert provider.confirmed_as == ConfirmedAs.CLINIC
    assert "Details confirmed by the clinic on 25 Nov 2026" in profile(client, provider)


def test_another_clinics_staff_cannot_confirm_it(client, clinics):
    client.force_login(clinics.bob)

    response = client.post(reverse("manage:confirm", args=[clinics.a.provider.slug]))

    assert response.status_code == 404
    assert Provider.objects.get(pk=clinics.a.provider.pk).confirmed_at is None


def test_the_dashboard_says_when_it_was_confirmed_and_asks_after_90_days(client, clinics):
    now = datetime.datetime.now(datetime.UTC)
    confirmed(clinics.a.provider, 91, now)
    client.force_login(clinics.alice)

    page = client.get(reverse("manage:dashboard")).content.decode()

    assert "Details last confirmed on 26 Aug 2026 by the clinic." in page
    assert "Details not confirmed for 3 months" in page


def test_the_profile_warns_once_the_details_are_over_a_year_old(client, clinics):
    now = datetime.datetime.now(datetime.UTC)
    confirmed(clinics.a.provider, 366, now)

    page = profile(client, clinics.a.provider)

    assert "have not been confirmed for over a year" in page
    assert "Details confirmed by" not in page


def test_a_listing_never_confirmed_for_over_a_year_is_stale_too(client, clinics):
    now = datetime.datetime.now(datetime.UTC)
    Provider.objects.filter(pk=clinics.a.provider.pk).update(created_at=now - 400 * DAY)

    assert "have not been confirmed for over a year" in profile(client, clinics.a.provider)
    assert "have not been confirmed" not in profile(client, clinics.b.provider)


def test_staff_are_reminded_once_after_90_days_without_a_confirmation(clinics, frozen_clock):
    now = datetime.datetime.now(datetime.UTC)
    confirmed(clinics.a.provider, 89, now)
    confirmed(clinics.b.provider, 91, now)
    mail.outbox.clear()

    with committed():
        assert remind_to_confirm.call_local() == 1

    (reminder,) = mail.outbox
    assert reminder.to == [clinics.bob.email]
    assert clinics.b.provider.name in reminder.subject
    assert "http://127.0.0.1:8000/manage/" in reminder.body

    # Not again the next night, but again 90 days later if still unconfirmed.
    frozen_clock.shift(DAY)
    with committed():
        assert remind_to_confirm.call_local() == 1  # clinic A has now passed 90 days
    frozen_clock.shift(90 * DAY)
    mail.outbox.clear()
    with committed():
        assert remind_to_confirm.call_local() == 2
    assert len(mail.outbox) == 2


def test_a_confirmation_stops_the_reminders(client, clinics, frozen_clock):
    now = datetime.datetime.now(datetime.UTC)
    confirmed(clinics.b.provider, 91, now)
    confirmed(clinics.a.provider, 10, now)
    client.force_login(clinics.bob)
    client.post(reverse("manage:confirm", args=[clinics.b.provider.slug]))
    mail.outbox.clear()

    with committed():
        assert remind_to_confirm.call_local() == 0
    assert mail.outbox == []


def test_a_moderators_check_counts_and_says_so(client, clinics):
    mona = UserFactory(username="mona", is_staff=True, groups=["Moderators"])
    client.force_login(mona)

    response = client.post(
        reverse("admin:providers_provider_changelist"),
        {"action": "confirm_selected", "_selected_action": [clinics.a.provider.pk]},
        follow=True,
    )

    assert "1 listing confirmed by you, today." in response.content.decode()
    provider = Provider.objects.get(pk=clinics.a.provider.pk)
    assert (provider.confirmed_by, provider.confirmed_as) == (mona, ConfirmedAs.MODERATOR)
    assert "Details confirmed by our moderators on 25 Nov 2026" in profile(client, provider)


def test_moderators_see_the_listings_unconfirmed_for_a_year(client, clinics):
    now = datetime.datetime.now(datetime.UTC)
    confirmed(clinics.a.provider, 400, now)
    confirmed(clinics.b.provider, 5, now)
    client.force_login(UserFactory(is_staff=True, groups=["Moderators"]))

    page = client.get(reverse("admin:providers_provider_changelist"), {"confirmed": "stale"})

    names = [provider.name for provider in page.context["cl"].result_list]
    assert names == [clinics.a.provider.name]
