"""
Anyone can report wrong information on a profile; the listing's staff (on /manage/) or a
moderator (in the admin) closes the report, and a reporter who left an email address hears
the outcome, after which the address is forgotten.
"""

import time

import pytest
from django.core import mail
from django.urls import reverse

from corrections.models import Problem, Report, ReportStatus
from tests.conftest import committed
from tests.factories import ProviderFactory, UserFactory

pytestmark = pytest.mark.django_db


def form_url(provider):
    return reverse("corrections:new", args=[provider.slug])


def typed(**fields):
    return {
        "problem": Problem.HOURS,
        "details": "Closed on Sundays now, says the sign on the door.",
        "email": "passer.by@example.org",
        "submission_key": f"key-{time.monotonic_ns()}",
        **fields,
    }


def reports_page(provider):
    return reverse("reports:list", args=[provider.slug])


@pytest.fixture
def provider():
    return ProviderFactory(name="Kallang Physio", slug="kallang-physio")


def test_every_profile_links_to_the_report_form(client, provider):
    page = client.get(provider.get_absolute_url()).content.decode()

    assert f'href="{form_url(provider)}"' in page
    assert client.get(form_url(provider)).status_code == 200


def test_a_report_is_stored_and_thanked_for(client, provider):
    response = client.post(form_url(provider), typed())

    assert response.status_code == 302
    assert response["Location"] == reverse("corrections:sent", args=[provider.slug])
    report = Report.objects.get()
    assert (report.provider, report.problem, report.status) == (
        provider,
        Problem.HOURS,
        ReportStatus.OPEN,
    )
    assert report.email == "passer.by@example.org"


def test_the_email_is_optional(client, provider):
    client.post(form_url(provider), typed(email=""))

    assert Report.objects.get().email == ""


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"problem": ""}, "problem", "This field is required."),
        ({"problem": "bankrupt"}, "problem", "Select a valid choice."),
        ({"problem": Problem.OTHER, "details": ""}, "details", "Please say what is wrong."),
        ({"details": "x" * 1001}, "details", "at most 1000 characters"),
        ({"email": "not an address"}, "email", "Enter a valid email address."),
    ],
)
def test_bad_input_is_shown_beside_its_field_with_everything_kept(
    client, provider, fields, field, message
):
    response = client.post(form_url(provider), typed(**fields))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Closed on Sundays now" in response.content.decode() or field == "details"
    assert not Report.objects.exists()


def test_a_double_submit_stores_one_report(client, provider):
    data = typed()

    client.post(form_url(provider), data)
    client.post(form_url(provider), data)

    assert Report.objects.count() == 1


def test_a_flood_is_refused_with_429_and_the_form_kept(client, provider, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "report": {"address": "2/h", "target": "9/h"}}

    statuses = [client.post(form_url(provider), typed()).status_code for _ in range(3)]
    refused = client.post(form_url(provider), typed(details="Moved to Bedok"))

    assert statuses == [302, 302, 429]
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Moved to Bedok" in refused.content.decode()
    assert Report.objects.count() == 2


def test_an_unpublished_or_unknown_listing_has_no_form(client):
    hidden = ProviderFactory(slug="hidden", is_published=False)

    assert client.get(form_url(hidden)).status_code == 404
    assert client.get("/providers/nobody/report/").status_code == 404


def test_staff_see_the_open_reports_on_their_dashboard_and_close_them(client, clinics):
    report = clinics.a.report
    Report.objects.filter(pk=report.pk).update(email="reporter@example.org")
    client.force_login(clinics.alice)

    dashboard = client.get(reverse("manage:dashboard")).content.decode()
    assert "Reports of wrong information to check" in dashboard
    assert f'href="{reports_page(clinics.a.provider)}">1</a>' in dashboard

    mail.outbox.clear()
    response = client.post(
        reports_page(clinics.a.provider),
        {
            "report": report.pk,
            f"report-{report.pk}-status": "fixed",
            f"report-{report.pk}-note": "The new number is on the listing now.",
        },
        follow=True,
    )

    assert "is closed" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.FIXED and report.closed_by == clinics.alice
    assert report.email == ""  # told, then forgotten
    (told,) = mail.outbox
    assert told.to == ["reporter@example.org"]
    assert "It has been corrected." in told.body
    assert "The new number is on the listing now." in told.body


def test_staff_cannot_see_or_close_another_clinics_reports(client, clinics):
    report = Report.objects.create(provider=clinics.b.provider, problem=Problem.CLOSED)
    client.force_login(clinics.alice)

    assert client.get(reports_page(clinics.b.provider)).status_code == 404
    response = client.post(
        reports_page(clinics.a.provider),
        {"report": report.pk, f"report-{report.pk}-status": "fixed"},
    )
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


@pytest.mark.parametrize("pk", ["", "abc", "999999"])
def test_a_missing_or_bad_report_id_is_a_404(client, clinics, pk):
    client.force_login(clinics.alice)

    response = client.post(reports_page(clinics.a.provider), {"report": pk})

    assert response.status_code == 404


def test_a_bad_outcome_is_shown_again(client, clinics):
    report = Report.objects.create(provider=clinics.a.provider, problem=Problem.CLOSED)
    client.force_login(clinics.alice)

    response = client.post(
        reports_page(clinics.a.provider),
        {"report": report.pk, f"report-{report.pk}-status": "deleted"},
    )

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_moderators_work_the_queue_in_the_admin(client, provider):
    mona = UserFactory(username="mona", is_staff=True, groups=["Moderators"])
    kept = Report.objects.create(provider=provider, problem=Problem.HOURS, email="a@example.org")
    Report.objects.create(provider=provider, problem=Problem.SERVICES)
    client.force_login(mona)
    changelist = reverse("admin:corrections_report_changelist")

    page = client.get(changelist, {"status__exact": "open"})
    assert page.status_code == 200 and len(page.context["cl"].result_list) == 2

    mail.outbox.clear()
    client.post(changelist, {"action": "mark_rejected", "_selected_action": [kept.pk]})

    kept.refresh_from_db()
    assert kept.status == ReportStatus.REJECTED and kept.closed_by == mona
    (told,) = mail.outbox
    assert "the listing was found to be right" in told.body
    assert Report.objects.open().count() == 1


def test_a_reporter_without_an_email_is_told_nothing(clinics):
    report = clinics.a.report
    mail.outbox.clear()

    with committed():
        report.close(ReportStatus.FIXED, clinics.alice)

    assert mail.outbox == []
    assert Report.objects.get(pk=report.pk).status == ReportStatus.FIXED
