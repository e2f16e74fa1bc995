"""
Every /manage/ URL, tried as the wrong clinic's staff, an editor and an anonymous visitor,
with GET and POST: nothing is shown and nothing changes.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from clinics.models import Invitation, Membership
from corrections.models import Report
from enquiries.models import Enquiry, EnquiryNote, EnquiryReply, InboxSettings
from providers.models import (
    Credential,
    Location,
    OpeningException,
    OpeningHours,
    Photo,
    Practitioner,
    Provider,
    ProviderService,
)

pytestmark = pytest.mark.django_db

MODELS = [
    Provider,
    Location,
    OpeningHours,
    OpeningException,
    ProviderService,
    Practitioner,
    Credential,
    Photo,
    Invitation,
    Membership,
    Enquiry,
    EnquiryNote,
    EnquiryReply,
    InboxSettings,
    Report,
]


# The user's own pages, not one listing's: tested on their own (the dashboard below, the import
# in test_import.py, which refuses other clinics' rows).
NOT_A_LISTINGS_PAGE = {"manage:dashboard", "manage:import", "manage:import_template"}


def top_level(patterns):
    """The site's patterns, those inside i18n_patterns (whose prefix is empty in English) too."""
    for entry in patterns:
        if isinstance(entry, URLResolver) and not str(entry.pattern):
            yield from top_level(entry.url_patterns)
        else:
            yield entry


def manage_patterns():
    """
    (name, route) of every pattern included under /manage/ (the clinics' pages, the
    enquiries' inbox, the reports of wrong information), names with their namespace, found by
    walking the resolver.
    """
    found = []
    for entry in top_level(get_resolver().url_patterns):
        if isinstance(entry, URLResolver) and str(entry.pattern) == "manage/":
            for pattern in entry.url_patterns:
                assert isinstance(pattern, URLPattern)
                found.append((f"{entry.namespace}:{pattern.name}", str(pattern.pattern)))
    return found


def url_for(name, route, clinic):
    """The URL of this pattern pointing at `clinic`'s objects."""
    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    if not names:
        return reverse(name)
    ids = {
        "manage:exception_delete": clinic.exception.pk,
        "manage:invitation_revoke": clinic.invitation.pk,
        "manage:practitioner": clinic.practitioner.pk,
        "manage:practitioner_delete": clinic.practitioner.pk,
        "manage:credential": clinic.credential.pk,
        "manage:credential_delete": clinic.credential.pk,
        "manage:photo_delete": clinic.photo.pk,
        "inbox:enquiry": clinic.enquiry.pk,
        "manage:import_job": clinic.import_job.pk,
        "manage:import_progress": clinic.import_job.pk,
    }
    args = {"slug": clinic.provider.slug, "branch": clinic.branch.pk}
    args["pk"] = ids.get(name, clinic.branch.pk)
    return reverse(name, kwargs={n: args[n] for n in names})


def snapshot():
    return {model.__name__: sorted(map(str, model.objects.values_list())) for model in MODELS}


def test_the_walk_covers_every_manage_pattern():
    names = {name for name, _ in manage_patterns()}
    assert len(names) == 33
    assert {"manage:dashboard", "manage:hours", "inbox:list", "reports:list"} <= names


@pytest.mark.parametrize("who", ["wrong_staff", "editor", "anonymous"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_nobody_but_a_clinics_staff_reaches_its_manage_pages(client, clinics, who, method):
    if who == "wrong_staff":
        client.force_login(clinics.bob)
    elif who == "editor":
        client.force_login(clinics.editor)
    before = snapshot()
    tried = 0
    for name, route in manage_patterns():
        if name in NOT_A_LISTINGS_PAGE:
            continue
        url = url_for(name, route, clinics.a)
        response = getattr(client, method)(
            url,
            {
                "name": "Hacked",
                "version": "",
                "alt_text": "x",
                "action": "status",
                "status-status": "spam",
                "report": clinics.a.report.pk,
                f"report-{clinics.a.report.pk}-status": "fixed",
            },
        )
        tried += 1
        if who == "anonymous":
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("login")), url
        else:
            assert response.status_code == 404, (url, response.status_code)
            assert b"Clinic A" not in response.content, url
            assert b"Patient of A" not in response.content, url
    assert tried == 30
    assert snapshot() == before


def test_the_dashboard_shows_only_the_users_own_listings(client, clinics):
    client.force_login(clinics.bob)
    response = client.get(reverse("manage:dashboard"))
    assert b"Clinic B" in response.content
    assert b"Clinic A" not in response.content


def test_the_dashboard_sends_anonymous_visitors_to_log_in(client, clinics):
    response = client.get(reverse("manage:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_clinic_staff_cannot_reach_the_admin(client, clinics):
    client.force_login(clinics.alice)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_another_clinics_practitioner_id_in_a_form_field_is_refused(client, clinics):
    client.force_login(clinics.alice)
    url = reverse("manage:credential", args=[clinics.a.provider.slug, clinics.a.credential.pk])
    form = client.get(url).context["form"]
    data = {**form.initial, "kind": "licence", "practitioner": clinics.b.practitioner.pk}
    data["valid_until"] = ""
    response = client.post(url, data)
    assert response.status_code == 200
    assert "practitioner" in response.context["form"].errors
    assert Credential.objects.get(pk=clinics.a.credential.pk).practitioner == clinics.a.practitioner


def test_another_clinics_photo_id_in_the_order_formset_is_refused(client, clinics):
    client.force_login(clinics.alice)
    url = reverse("manage:photos", args=[clinics.a.provider.slug])
    data = {
        "photos-TOTAL_FORMS": "1",
        "photos-INITIAL_FORMS": "1",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "1000",
        "photos-0-id": clinics.b.photo.pk,
        "photos-0-alt_text": "Mine now",
        "photos-0-order": "1",
    }
    client.post(url, data)
    clinics.b.photo.refresh_from_db()
    assert clinics.b.photo.alt_text == "Room"


def test_a_plain_member_cannot_invite(client, clinics):
    member = Membership.objects.create(
        user=clinics.editor, provider=clinics.a.provider, role="member"
    )
    client.force_login(member.user)
    url = reverse("manage:team", args=[clinics.a.provider.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"email": "x@example.org", "role": "owner"})
    assert response.status_code == 403
    assert not Invitation.objects.filter(email="x@example.org").exists()


def test_another_clinics_service_offer_id_in_the_services_formset_is_refused(client, clinics):
    client.force_login(clinics.alice)
    url = reverse("manage:services", args=[clinics.a.provider.slug])
    page = client.get(url).context["version_form"].initial["version"]
    theirs = clinics.b.offer
    data = {
        "offers-TOTAL_FORMS": "1",
        "offers-INITIAL_FORMS": "1",
        "offers-MIN_NUM_FORMS": "0",
        "offers-MAX_NUM_FORMS": "1000",
        "offers-0-id": theirs.pk,
        "offers-0-service": theirs.service_id,
        "offers-0-price": "1",
        "offers-0-DELETE": "on",
        "page-version": page,
    }
    client.post(url, data)
    assert ProviderService.objects.filter(pk=theirs.pk, price=theirs.price).exists()


def test_another_clinics_branch_in_an_exception_url_is_refused(client, clinics):
    client.force_login(clinics.alice)
    url = reverse(
        "manage:exception_delete",
        kwargs={
            "slug": clinics.a.provider.slug,
            "branch": clinics.b.branch.pk,
            "pk": clinics.b.exception.pk,
        },
    )
    assert client.post(url).status_code == 404
    assert OpeningException.objects.filter(pk=clinics.b.exception.pk).exists()


@pytest.mark.parametrize(("name", "route"), manage_patterns())
def test_no_manage_page_is_kept_by_a_browser_or_a_proxy(client, clinics, name, route):
    client.force_login(clinics.alice)

    response = client.get(url_for(name, route, clinics.a))

    assert response.status_code in (200, 302, 405)  # 405: a page that only takes a POST
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
