"""
How a profile offers ways to reach the clinic: in its first screen and in the bar at the bottom
of a phone's screen; enquiries only where staff will read them; views counted per day.
"""

import pytest
from django.urls import reverse

from clinics.models import Membership
from enquiries.models import ProfileViews
from tests.factories import LocationFactory, MembershipFactory, ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


def profile(client, provider):
    return client.get(provider.get_absolute_url()).content.decode()


def test_a_listing_with_staff_offers_an_enquiry_and_a_call_back(client, clinic):
    page = profile(client, clinic)

    form = reverse("enquiries:new", args=[clinic.slug])
    header = page.split('class="profile__header"')[1].split("</header>")[0]
    assert f'href="{form}">Send an enquiry' in header
    assert f'href="{form}?kind=call_back">Ask for a call back' in header
    assert f'href="{form}">Enquire</a>' in page.split('class="action-bar"')[1]


def test_a_listing_without_staff_offers_no_enquiry_until_it_has_some(client):
    provider = ProviderFactory(slug="unclaimed", phone="+65 6123 4567")
    LocationFactory(provider=provider)

    before = profile(client, provider)
    MembershipFactory(user=UserFactory(), provider=provider)
    after = profile(client, provider)

    assert "Send an enquiry" not in before
    assert 'href="tel:+6561234567">Call</a>' in before
    assert "Send an enquiry" in after  # the cached profile changed with the membership


def test_leaving_staff_take_the_enquiry_button_with_them(client, clinic):
    profile(client, clinic)
    Membership.objects.filter(provider=clinic).delete()

    assert "Send an enquiry" not in profile(client, clinic)


def test_booking_whatsapp_and_what_the_clinic_says_of_itself_are_shown(client):
    provider = ProviderFactory(
        slug="spine",
        booking_url="https://book.spine.example/new",
        whatsapp="+65 9876 5432",
        accepting_new_patients=False,
        video_consultations=True,
    )

    page = profile(client, provider)

    assert 'href="https://book.spine.example/new" rel="noopener nofollow">Book online' in page
    assert 'href="https://wa.me/6598765432"' in page
    assert "Not taking new patients at the moment" in page
    assert "Video consultations" in page


def test_nothing_is_said_of_new_patients_when_the_clinic_said_nothing(client):
    provider = ProviderFactory(slug="quiet")

    page = profile(client, provider)

    assert "new patients" not in page.lower()


def test_each_branch_links_to_directions_on_a_maps_site(client, settings):
    settings.DIRECTIONS_URL = "https://maps.example/dir?to={destination}"
    provider = ProviderFactory(slug="two-branches")
    LocationFactory(provider=provider, name="East", latitude=1.35, longitude=103.94)
    LocationFactory(
        provider=provider, name="West", latitude=None, longitude=None, address="1 Jurong Road"
    )

    page = profile(client, provider)

    assert 'href="https://maps.example/dir?to=1.35,103.94"' in page
    assert 'href="https://maps.example/dir?to=1%20Jurong%20Road' in page


def test_a_whatsapp_number_needs_its_country_code():
    provider = ProviderFactory.build(whatsapp="9876 5432")

    with pytest.raises(Exception) as refused:
        provider.full_clean(exclude=["slug"])

    assert "country code" in str(refused.value)


def test_a_view_is_counted_per_listing_per_day_and_nothing_else(client, clinic):
    url = reverse("enquiries:seen", args=[clinic.slug])

    responses = [client.post(url) for _ in range(3)]

    assert {r.status_code for r in responses} == {204}
    (counted,) = ProfileViews.objects.values_list("provider", "count")
    assert counted == (clinic.pk, 3)
    assert [f.name for f in ProfileViews._meta.get_fields()] == ["id", "provider", "day", "count"]


def test_views_are_counted_only_by_post_and_within_a_limit(client, clinic, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "profile_view": {"address": "2/h"}}
    url = reverse("enquiries:seen", args=[clinic.slug])

    assert client.get(url).status_code == 405
    for _ in range(5):
        client.post(url)

    assert ProfileViews.objects.get().count == 2
    assert client.post("/providers/nobody/seen/").status_code == 404
