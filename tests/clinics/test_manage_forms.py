"""
Each /manage/ form, as Alice (owner of Clinic A) fills it in: valid, invalid (everything typed
comes back with the errors), at its boundaries, posted twice, and stale (Bob's colleague saved
since the page was opened).
"""

import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clinics.models import Invitation
from providers.models import (
    Credential,
    Location,
    OpeningHours,
    Practitioner,
    Provider,
    ProviderService,
)
from tests.clinics.manage_forms import fields_of, formset_data, grid_data, set_day
from tests.factories import AreaFactory, ConditionFactory, ServiceFactory
from tests.providers.rebuilds import search_rebuilds

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(client, clinics):
    client.force_login(clinics.alice)
    return client


def url(name, clinics, *args):
    return reverse(f"manage:{name}", args=[clinics.a.provider.slug, *args])


# Details


def test_details_are_saved_and_the_search_document_follows_the_conditions(alice, clinics):
    condition = ConditionFactory(name="Spinal stenosis", slug="spinal-stenosis")
    page = alice.get(url("provider", clinics))
    data = fields_of(page.context["form"])
    data.update(description="Now with a sauna.", conditions=[str(condition.pk)])

    response = alice.post(url("provider", clinics), data)

    assert response.status_code == 302
    provider = Provider.objects.get(pk=clinics.a.provider.pk)
    assert provider.description == "Now with a sauna."
    assert list(provider.conditions.all()) == [condition]
    assert "stenosis" in provider.search_terms.lower()


def test_invalid_details_come_back_with_what_was_typed(alice, clinics):
    data = fields_of(alice.get(url("provider", clinics)).context["form"])
    data.update(name="", description="Typed with care", website="not a web address")

    response = alice.post(url("provider", clinics), data)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"name", "website"} <= set(errors)
    assert "Typed with care" in response.content.decode()
    assert Provider.objects.get(pk=clinics.a.provider.pk).description != "Typed with care"


def test_ways_to_reach_the_clinic_are_saved_and_a_number_too_short_refused(alice, clinics):
    data = fields_of(alice.get(url("provider", clinics)).context["form"])
    data.update(
        whatsapp="9876 5432",
        phone="61234567",
        booking_url="book.clinic-a.example",
        accepting_new_patients="true",
        video_consultations="on",
    )
    alice.post(url("provider", clinics), data)
    data = fields_of(alice.get(url("provider", clinics)).context["form"])
    data.update(whatsapp="9876 543")
    refused = alice.post(url("provider", clinics), data)

    provider = Provider.objects.get(pk=clinics.a.provider.pk)
    # Local numbers are stored with the market's calling code, grouped as people write them.
    assert (provider.whatsapp, provider.phone) == ("+65 9876 5432", "+65 6123 4567")
    assert provider.booking_url == "https://book.clinic-a.example"
    assert provider.accepting_new_patients is True and provider.video_consultations
    assert "with its country code" in refused.content.decode()
    assert 'value="9876 543"' in refused.content.decode()


def test_phone_fields_are_telephone_inputs_with_the_markets_example(alice, clinics):
    page = alice.get(url("provider", clinics)).content.decode()

    for name in ("phone", "whatsapp"):
        tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
        assert tag.count("type=") == 1 and 'type="tel"' in tag
        assert 'autocomplete="tel"' in tag
    assert "For example +65 6123 4567." in page


def test_a_stale_details_edit_is_shown_not_saved(alice, clinics):
    data = fields_of(alice.get(url("provider", clinics)).context["form"])
    provider = Provider.objects.get(pk=clinics.a.provider.pk)
    provider.description = "A colleague's words"
    provider.save()

    data["description"] = "My words"
    response = alice.post(url("provider", clinics), data)

    assert response.status_code == 200
    assert "Someone else saved this" in response.content.decode()
    assert "My words" in response.content.decode()
    assert Provider.objects.get(pk=provider.pk).description == "A colleague's words"


# Branches


def test_a_branch_is_added_once_even_when_posted_twice(alice, clinics):
    area = AreaFactory()
    data = fields_of(alice.get(url("branch_add", clinics)).context["form"])
    data.update(name="East branch", address="1 Sea Road", postal_code="460001", area=area.pk)

    first = alice.post(url("branch_add", clinics), data)
    second = alice.post(url("branch_add", clinics), data)

    assert first.status_code == second.status_code == 302
    assert Location.objects.filter(provider=clinics.a.provider, name="East branch").count() == 1


def test_an_invalid_branch_keeps_what_was_typed(alice, clinics):
    data = fields_of(alice.get(url("branch_add", clinics)).context["form"])
    data.update(name="", address="2 Hill Street", area="999999")
    response = alice.post(url("branch_add", clinics), data)
    assert response.status_code == 200
    assert {"name", "area"} <= set(response.context["form"].errors)
    assert "2 Hill Street" in response.content.decode()


def test_a_branch_is_edited_and_a_stale_edit_refused(alice, clinics):
    branch_url = url("branch", clinics, clinics.a.branch.pk)
    data = fields_of(alice.get(branch_url).context["form"])
    data["phone"] = "+65 6000 0001"
    assert alice.post(branch_url, data).status_code == 302
    assert Location.objects.get(pk=clinics.a.branch.pk).phone == "+65 6000 0001"

    data["phone"] = "+65 6000 0002"  # the version is now old
    response = alice.post(branch_url, data)
    assert response.status_code == 200
    assert "Someone else saved this" in response.content.decode()
    assert Location.objects.get(pk=clinics.a.branch.pk).phone == "+65 6000 0001"


# Opening hours: the week grid


def hours_url(clinics):
    return url("hours", clinics, clinics.a.branch.pk)


def hours_page(alice, clinics):
    response = alice.get(hours_url(clinics))
    data = grid_data(response.context["grid"])
    data["page-version"] = response.context["version_form"].initial["version"]
    return data


def post_hours(alice, clinics, data):
    return alice.post(hours_url(clinics), data)


def week_of(clinics):
    rows = OpeningHours.objects.filter(location=clinics.a.branch).order_by("weekday", "opens")
    return [(r.weekday, f"{r.opens:%H:%M}", f"{r.closes:%H:%M}") for r in rows]


def shown(response, day):
    """A day's intervals as the grid shows them, blank pairs left out."""
    formset = {d.name.lower(): f for d, f in response.context["grid"].days}[day]
    values = [(form["opens"].value(), form["closes"].value()) for form in formset]
    return [
        tuple(f"{v:%H:%M}" if hasattr(v, "hour") else v for v in pair)
        for pair in values
        if any(pair)
    ]


def test_the_grid_shows_each_day_with_its_intervals_and_one_blank_pair(alice, clinics):
    response = alice.get(hours_url(clinics))
    days = {day.label: formset for day, formset in response.context["grid"].days}

    assert list(days) == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    assert len(days["Tuesday"].forms) == 2  # 09:00–18:00 and a blank one
    assert len(days["Monday"].forms) == 1
    content = response.content.decode()
    assert '<span class="visually-hidden">Tuesday, </span>Opens' in content
    assert 'Monday <span class="week-day__closed">(closed)</span>' in content


def test_hours_take_several_intervals_a_day_and_past_midnight(alice, clinics):
    data = hours_page(alice, clinics)
    set_day(data, "tuesday", [("08:00", "12:00"), ("14:00", "19:00")])
    set_day(data, "friday", [("22:00", "02:00")])

    assert post_hours(alice, clinics, data).status_code == 302

    assert week_of(clinics) == [(1, "08:00", "12:00"), (1, "14:00", "19:00"), (4, "22:00", "02:00")]
    assert Provider.objects.get(pk=clinics.a.provider.pk).hours_reviewed_at is not None


def test_a_filled_blank_interval_is_saved_and_a_new_blank_one_offered(alice, clinics):
    data = hours_page(alice, clinics)
    data.update({"tuesday-1-opens": "19:00", "tuesday-1-closes": "21:00"})

    response = alice.post(hours_url(clinics), data, follow=True)

    assert week_of(clinics) == [(1, "09:00", "18:00"), (1, "19:00", "21:00")]
    assert shown(response, "tuesday") == [("09:00", "18:00"), ("19:00", "21:00")]
    tuesday = {d.name.lower(): f for d, f in response.context["grid"].days}["tuesday"]
    assert len(tuesday.forms) == 3
    assert "Saved the opening hours of" in response.content.decode()


def test_saving_a_week_of_hours_rebuilds_the_search_data_once(alice, clinics):
    data = hours_page(alice, clinics)
    for day in ("monday", "wednesday", "thursday", "friday", "saturday", "sunday"):
        set_day(data, day, [("09:00", "18:00")])

    with CaptureQueriesContext(connection) as queries:
        assert post_hours(alice, clinics, data).status_code == 302

    rebuilds = search_rebuilds(queries)
    assert len(week_of(clinics)) == 7
    assert len(rebuilds) == 1
    assert Provider.objects.open_during([6]).filter(pk=clinics.a.provider.pk).exists()


def test_a_changed_interval_keeps_its_row_and_an_unchanged_one_is_not_saved(alice, clinics):
    data = hours_page(alice, clinics)
    set_day(data, "tuesday", [("09:00", "20:00")])
    set_day(data, "monday", [("09:00", "18:00")])
    history = OpeningHours.history.filter(location_id=clinics.a.branch.pk)
    before = history.count()

    assert post_hours(alice, clinics, data).status_code == 302

    assert OpeningHours.objects.get(pk=clinics.a.hours.pk).closes.hour == 20
    assert history.count() == before + 2  # Tuesday changed, Monday added
    assert post_hours(alice, clinics, hours_page(alice, clinics)).status_code == 302
    assert history.count() == before + 2  # saving the same week again records nothing


def test_clearing_a_days_only_interval_closes_the_day(alice, clinics):
    data = hours_page(alice, clinics)
    data.update({"tuesday-0-opens": "", "tuesday-0-closes": ""})
    assert post_hours(alice, clinics, data).status_code == 302
    assert week_of(clinics) == []


def test_open_24_hours_is_midnight_to_midnight(alice, clinics):
    data = set_day(hours_page(alice, clinics), "sunday", [("00:00", "00:00")])
    assert post_hours(alice, clinics, data).status_code == 302
    assert (6, "00:00", "00:00") in week_of(clinics)


def test_equal_opening_and_closing_times_are_refused(alice, clinics):
    data = set_day(hours_page(alice, clinics), "wednesday", [("10:00", "10:00")])
    response = post_hours(alice, clinics, data)
    assert response.status_code == 200
    assert "equals the opening time" in response.content.decode()
    assert week_of(clinics) == [(1, "09:00", "18:00")]


def test_an_interval_with_one_time_only_is_refused_and_kept_as_typed(alice, clinics):
    data = set_day(hours_page(alice, clinics), "wednesday", [("10:00", "")])
    response = post_hours(alice, clinics, data)
    assert response.status_code == 200
    assert "Give the closing time too" in response.content.decode()
    assert shown(response, "wednesday") == [("10:00", "")]
    assert week_of(clinics) == [(1, "09:00", "18:00")]


def test_a_time_that_is_not_one_is_refused_and_kept_as_typed(alice, clinics):
    data = set_day(hours_page(alice, clinics), "thursday", [("25:00", "noon")])
    data["tuesday-0-closes"] = "19:00"
    response = post_hours(alice, clinics, data)
    assert response.status_code == 200
    assert "Enter a valid time" in response.content.decode()
    assert shown(response, "thursday") == [("25:00", "noon")]
    assert shown(response, "tuesday") == [("09:00:00", "19:00")]
    assert week_of(clinics) == [(1, "09:00", "18:00")]


def test_overlapping_intervals_are_refused_even_across_midnight(alice, clinics):
    # Monday 22:00–10:00 runs into Tuesday's 09:00.
    data = set_day(hours_page(alice, clinics), "monday", [("22:00", "10:00")])
    response = post_hours(alice, clinics, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "This interval overlaps Tuesday’s 09:00–18:00" in content
    assert "This interval overlaps Monday’s 22:00–10:00" in content
    assert shown(response, "monday") == [("22:00", "10:00")]
    assert week_of(clinics) == [(1, "09:00", "18:00")]


def test_overlapping_intervals_on_one_day_are_refused(alice, clinics):
    data = set_day(hours_page(alice, clinics), "tuesday", [("09:00", "13:00"), ("12:00", "18:00")])
    response = post_hours(alice, clinics, data)
    assert response.status_code == 200
    assert "overlaps Tuesday’s 12:00–18:00" in response.content.decode()


def test_touching_intervals_are_allowed(alice, clinics):
    data = set_day(hours_page(alice, clinics), "tuesday", [("09:00", "18:00"), ("18:00", "20:00")])
    assert post_hours(alice, clinics, data).status_code == 302
    assert week_of(clinics) == [(1, "09:00", "18:00"), (1, "18:00", "20:00")]


def test_a_stale_hours_edit_is_shown_not_saved(alice, clinics):
    data = hours_page(alice, clinics)
    clinics.a.hours.closes = "17:00"
    clinics.a.hours.save()
    data["tuesday-0-closes"] = "20:00"

    response = post_hours(alice, clinics, data)

    assert response.status_code == 200
    assert "Someone else saved this" in response.content.decode()
    assert shown(response, "tuesday") == [("09:00:00", "20:00")]
    assert week_of(clinics) == [(1, "09:00", "17:00")]


def test_a_tampered_grid_is_refused_without_an_error_page(alice, clinics):
    data = hours_page(alice, clinics)
    data["sunday-TOTAL_FORMS"] = "5000"
    del data["monday-TOTAL_FORMS"]
    response = post_hours(alice, clinics, data)
    assert response.status_code == 200
    assert week_of(clinics) == [(1, "09:00", "18:00")]


# Copying Monday's hours to all weekdays, without JavaScript


def test_copying_monday_fills_the_other_weekdays_as_typed_and_saves_nothing(alice, clinics):
    data = set_day(hours_page(alice, clinics), "monday", [("09:00", "13:00"), ("14:00", "18:00")])
    set_day(data, "saturday", [("10:00", "")])  # unfinished, kept as typed
    data["copy"] = "monday"

    response = post_hours(alice, clinics, data)

    assert response.status_code == 200
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday"):
        assert shown(response, day) == [("09:00", "13:00"), ("14:00", "18:00")], day
    assert shown(response, "saturday") == [("10:00", "")]
    assert shown(response, "sunday") == []
    content = response.content.decode()
    assert "Copied Monday&#x27;s hours to Tuesday, Wednesday, Thursday, Friday" in content
    assert "Nothing is saved until you press" in content
    assert week_of(clinics) == [(1, "09:00", "18:00")]


def test_the_copied_week_is_saved_with_the_save_button(alice, clinics):
    data = set_day(hours_page(alice, clinics), "monday", [("09:00", "13:00"), ("14:00", "18:00")])
    data["copy"] = "monday"
    copied = post_hours(alice, clinics, data)

    again = grid_data(copied.context["grid"])
    again["page-version"] = copied.context["version_form"].initial["version"]
    assert post_hours(alice, clinics, again).status_code == 302

    assert week_of(clinics) == [
        (day, opens, closes)
        for day in range(5)
        for opens, closes in (("09:00", "13:00"), ("14:00", "18:00"))
    ]


def test_copying_keeps_the_version_the_page_was_opened_at(alice, clinics):
    data = set_day(hours_page(alice, clinics), "monday", [("08:00", "12:00")])
    data["copy"] = "monday"
    clinics.a.hours.closes = "17:00"
    clinics.a.hours.save()  # a colleague saves meanwhile

    copied = post_hours(alice, clinics, data)
    again = grid_data(copied.context["grid"])
    again["page-version"] = copied.context["version_form"].initial["version"]
    response = post_hours(alice, clinics, again)

    assert "Someone else saved this" in response.content.decode()
    assert week_of(clinics) == [(1, "09:00", "17:00")]


def test_monday_with_errors_is_not_copied(alice, clinics):
    data = set_day(hours_page(alice, clinics), "monday", [("09:00", "")])
    data["copy"] = "monday"
    response = post_hours(alice, clinics, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Correct Monday&#x27;s hours to copy them" in content
    assert shown(response, "tuesday") == [("09:00:00", "18:00:00")]


def test_copying_from_a_day_that_does_not_exist_changes_nothing(alice, clinics):
    data = hours_page(alice, clinics)
    data["copy"] = "someday"
    response = post_hours(alice, clinics, data)
    assert response.status_code == 200
    assert week_of(clinics) == [(1, "09:00", "18:00")]


# Services


def services_page(alice, clinics):
    response = alice.get(url("services", clinics))
    data = formset_data(response.context["formset"])
    data["page-version"] = response.context["version_form"].initial["version"]
    return data


def test_a_service_is_added_with_its_price_and_length(alice, clinics):
    service = ServiceFactory(name="Cupping", slug="cupping")
    data = services_page(alice, clinics)
    data.update({"offers-1-service": service.pk, "offers-1-price": "75.50"})
    data["offers-1-duration_minutes"] = "45"

    assert alice.post(url("services", clinics), data).status_code == 302

    offer = ProviderService.objects.get(provider=clinics.a.provider, service=service)
    assert str(offer.price) == "75.50" and offer.duration_minutes == 45
    provider = Provider.objects.get(pk=clinics.a.provider.pk)
    assert "cupping" in provider.search_terms.lower()


def test_a_service_listed_twice_is_refused(alice, clinics):
    data = services_page(alice, clinics)
    data["offers-1-service"] = clinics.a.offer.service.pk
    response = alice.post(url("services", clinics), data)
    assert response.status_code == 200
    assert "duplicate" in response.content.decode()
    assert ProviderService.objects.filter(provider=clinics.a.provider).count() == 1


@pytest.mark.parametrize(
    "price, minutes, ok",
    [("0", "5", True), ("-1", "30", False), ("40", "4", False), ("40", "600", True)],
)
def test_prices_and_session_lengths_at_their_limits(alice, clinics, price, minutes, ok):
    service = ServiceFactory(name="Tuina", slug="tuina")
    data = services_page(alice, clinics)
    data.update({"offers-1-service": service.pk, "offers-1-price": price})
    data["offers-1-duration_minutes"] = minutes
    response = alice.post(url("services", clinics), data)
    assert (response.status_code == 302) is ok
    assert ProviderService.objects.filter(service=service).exists() is ok
    if not ok:
        assert f'value="{price}"' in response.content.decode()


# Practitioners


def test_a_practitioner_is_added_once_and_shown_on_the_profile(alice, clinics):
    data = fields_of(alice.get(url("practitioner_add", clinics)).context["form"])
    data.update(name="Dr Wilhelmina Tan", years_of_practice="80", gender="female")
    alice.post(url("practitioner_add", clinics), data)
    alice.post(url("practitioner_add", clinics), data)
    assert Practitioner.objects.filter(name="Dr Wilhelmina Tan").count() == 1
    assert "Dr Wilhelmina Tan" in alice.get(clinics.a.provider.get_absolute_url()).content.decode()


def test_more_than_80_years_of_practice_is_refused(alice, clinics):
    data = fields_of(alice.get(url("practitioner_add", clinics)).context["form"])
    data.update(name="Methuselah", years_of_practice="81")
    response = alice.post(url("practitioner_add", clinics), data)
    assert response.status_code == 200
    assert "years_of_practice" in response.context["form"].errors
    assert 'value="Methuselah"' in response.content.decode()


def test_deleting_a_practitioner_removes_only_them(alice, clinics):
    pk = clinics.a.practitioner.pk
    assert alice.post(url("practitioner_delete", clinics, pk)).status_code == 302
    assert not Practitioner.objects.filter(pk=pk).exists()
    assert Practitioner.objects.filter(pk=clinics.b.practitioner.pk).exists()


# Credentials


def test_a_new_credential_awaits_verification(alice, clinics):
    data = fields_of(alice.get(url("credential_add", clinics)).context["form"])
    data.update(kind="licence", issuing_body="Allied Health Council", number="AH-1")
    assert alice.post(url("credential_add", clinics), data).status_code == 302
    credential = Credential.objects.get(number="AH-1")
    assert credential.provider == clinics.a.provider and not credential.is_verified
    listing = alice.get(url("credentials", clinics)).content.decode()
    assert "awaiting verification" in listing.lower()


def verified(credential, moderator):
    Credential.objects.filter(pk=credential.pk).update(is_verified=True, verified_by=moderator)


def test_changing_a_verified_credentials_number_resets_its_verification(alice, clinics):
    credential = clinics.a.credential
    verified(credential, clinics.editor)
    edit = url("credential", clinics, credential.pk)
    data = fields_of(alice.get(edit).context["form"])
    data["number"] = "NEW-42"
    assert alice.post(edit, data).status_code == 302
    credential.refresh_from_db()
    assert credential.number == "NEW-42" and not credential.is_verified
    assert credential.verified_by is None


def test_saving_a_verified_credential_unchanged_keeps_it_verified(alice, clinics):
    credential = clinics.a.credential
    verified(credential, clinics.editor)
    edit = url("credential", clinics, credential.pk)
    assert alice.post(edit, fields_of(alice.get(edit).context["form"])).status_code == 302
    credential.refresh_from_db()
    assert credential.is_verified


# Photos: order and alt text (uploads are in test_images.py)


def photos_page(alice, clinics):
    response = alice.get(url("photos", clinics))
    data = formset_data(response.context["formset"])
    data["page-version"] = response.context["version_form"].initial["version"]
    return data


def test_photo_alt_text_and_order_are_saved(alice, clinics):
    data = photos_page(alice, clinics)
    data.update({"photos-0-alt_text": "The quiet room", "photos-0-order": "3"})
    assert alice.post(url("photos", clinics), data).status_code == 302
    clinics.a.photo.refresh_from_db()
    assert (clinics.a.photo.alt_text, clinics.a.photo.order) == ("The quiet room", 3)


def test_a_photo_without_alt_text_is_refused(alice, clinics):
    data = photos_page(alice, clinics)
    data["photos-0-alt_text"] = ""
    assert alice.post(url("photos", clinics), data).status_code == 200
    clinics.a.photo.refresh_from_db()
    assert clinics.a.photo.alt_text == "Room"


def test_a_stale_photos_edit_is_shown_not_saved(alice, clinics):
    data = photos_page(alice, clinics)
    photo = clinics.a.photo
    photo.alt_text = "Saved by a colleague meanwhile"
    photo.save()
    data["photos-0-alt_text"] = "Alice's words"

    response = alice.post(url("photos", clinics), data)

    assert response.status_code == 200
    assert "Someone else saved this" in response.content.decode()
    assert "Alice&#x27;s words" in response.content.decode()
    photo.refresh_from_db()
    assert photo.alt_text == "Saved by a colleague meanwhile"


def test_the_descriptions_form_adds_no_photo(alice, clinics):
    data = photos_page(alice, clinics)
    data.update({"photos-TOTAL_FORMS": "2", "photos-1-alt_text": "x", "photos-1-order": "1"})

    response = alice.post(url("photos", clinics), data)

    assert response.status_code in (200, 302)
    assert clinics.a.provider.photos.count() == 1


# Team


def test_an_owner_invites_a_colleague_once(alice, clinics):
    data = fields_of(alice.get(url("team", clinics)).context["form"])
    data.update(email="colleague@example.org", role="member")
    alice.post(url("team", clinics), data)
    alice.post(url("team", clinics), data)
    assert Invitation.objects.filter(email="colleague@example.org").count() == 1
    assert [m.to for m in mail.outbox] == [["colleague@example.org"]]


def test_an_invalid_invitation_address_is_shown(alice, clinics):
    data = fields_of(alice.get(url("team", clinics)).context["form"])
    data.update(email="not-an-address", role="member")
    response = alice.post(url("team", clinics), data)
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
    assert 'value="not-an-address"' in response.content.decode()
