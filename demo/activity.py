"""
What the demo accounts find when they first log in, so that every role has something to do:
enquiries in the demo clinics' inboxes (one new, one call-back request, one answered), two
weeks of profile views on their dashboards, a report of wrong information on each, and a claim
waiting for the moderator. Fictional
people, made in development only, beside the demo accounts. Safe to run again.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from clinics.models import ClaimRequest, ClaimStatus
from corrections.models import Problem, Report
from enquiries.forms import consent_text
from enquiries.models import (
    BestTime,
    Enquiry,
    EnquiryKind,
    EnquiryNote,
    EnquiryReply,
    EnquiryStatus,
    ProfileViews,
)

ENQUIRIES = (
    {
        "kind": EnquiryKind.ENQUIRY,
        "name": "Tan Mei Ling",
        "email": "mei.ling@example.org",
        "best_times": [BestTime.EVENINGS],
        "message": (
            "My lower back has ached for three weeks since I moved house. Could I come in on a "
            "weekday evening, and how long is a first session?"
        ),
        "hours_ago": 3,
    },
    {
        "kind": EnquiryKind.CALL_BACK,
        "name": "Rajesh Kumar",
        "phone": "+65 9000 1234",
        "best_times": [BestTime.WEEKDAY_DAYTIME],
        "message": "Please call me about sciatica down my left leg.",
        "hours_ago": 30,
    },
    {
        "kind": EnquiryKind.ENQUIRY,
        "name": "Nur Aisyah",
        "email": "aisyah@example.org",
        "best_times": [BestTime.WEEKENDS],
        "message": "Do you see patients on Saturday mornings?",
        "hours_ago": 80,
        "answer": "Yes, from 9:00 to 13:00. Reply here or call us to book a time.",
    },
)


@transaction.atomic
def fill_inbox(provider, staff):
    """A few enquiries for a demo clinic's inbox, unless it has some already."""
    if provider.enquiries.exists():
        return 0
    now = timezone.now()
    location = provider.locations.first()
    service = provider.services.first()
    for made in ENQUIRIES:
        made = dict(made)
        hours_ago, answer = made.pop("hours_ago"), made.pop("answer", "")
        created = now - datetime.timedelta(hours=hours_ago)
        enquiry = Enquiry(
            provider=provider,
            location=location,
            service=service,
            consent=consent_text(provider),
            consented_at=created,
            created_at=created,
            status_changed_at=created,
            **made,
        )
        enquiry.new_token()
        enquiry.save()
        if answer:
            EnquiryReply.objects.create(enquiry=enquiry, author=staff, body=answer)
            EnquiryNote.objects.create(
                enquiry=enquiry, author=staff, text="Offered Saturday 10:00; waiting to hear."
            )
            enquiry.set_status(EnquiryStatus.CONTACTED)
    return len(ENQUIRIES)


def count_views(provider, days=14):
    """Profile views for the last `days` days, so that the dashboard's figures have a week."""
    today = timezone.localdate()
    for back in range(days):
        ProfileViews.objects.get_or_create(
            provider=provider,
            day=today - datetime.timedelta(days=back),
            defaults={"count": 5 + (back * 7) % 11},
        )


def ask_to_manage(provider):
    """A claim on a listing without staff, waiting for the moderator's Approve or Reject."""
    ClaimRequest.objects.get_or_create(
        provider=provider,
        email="manager@example.org",
        status=ClaimStatus.PENDING,
        defaults={
            "name": "Lee Hui Min",
            "role": "Practice manager",
            "phone": "+65 6000 1234",
            "verification": (
                "I am named as practice manager on the team page of our website; call the "
                "front desk to check."
            ),
        },
    )


def report_a_mistake(provider):
    """An open report of wrong information, for the clinic's staff and the moderator."""
    Report.objects.get_or_create(
        provider=provider,
        problem=Problem.HOURS,
        defaults={"details": "The sign on the door says it now closes at 13:00 on Saturdays."},
    )
