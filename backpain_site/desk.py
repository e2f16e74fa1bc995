"""
The moderators' desk (/admin/desk/): what waits for them across the directory, each a count
with a link to the admin page that lists it, and how well each area is covered.
"""

import datetime
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from clinics.models import ClaimRequest, ClaimStatus
from corrections.models import Report
from enquiries.models import Enquiry
from providers.models import (
    CONFIRMATION_STALE,
    Area,
    Credential,
    DuplicateStatus,
    PossibleDuplicate,
    Provider,
)

EXPIRING_WITHIN = datetime.timedelta(days=30)
UNANSWERED_AFTER = 2  # working days


@dataclass(frozen=True)
class Waiting:
    label: str
    count: int
    link: str


@dataclass(frozen=True)
class Bar:
    """One area's bar in the coverage chart, placed in SVG user units."""

    name: str
    region: str
    count: int
    width: float
    y: int


def admin_list(name, **filters):
    url = reverse(f"admin:{name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def waiting(now=None):
    """What waits for moderators, in the order they usually take it."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    soon = today + EXPIRING_WITHIN
    return [
        Waiting(
            "Claims waiting for a decision",
            ClaimRequest.objects.filter(status=ClaimStatus.PENDING).count(),
            admin_list("clinics_claimrequest", status__exact=ClaimStatus.PENDING),
        ),
        Waiting(
            "Possible duplicate listings",
            PossibleDuplicate.objects.filter(status=DuplicateStatus.OPEN).count(),
            admin_list("providers_possibleduplicate", status__exact=DuplicateStatus.OPEN),
        ),
        Waiting(
            "Open reports of wrong information",
            Report.objects.open().count(),
            admin_list("corrections_report", status__exact="open"),
        ),
        Waiting(
            "Listings not confirmed for over a year",
            Provider.objects.listed().unconfirmed_for(CONFIRMATION_STALE, now).count(),
            admin_list("providers_provider", confirmed="stale", is_published__exact=1),
        ),
        Waiting(
            "Credentials expiring within 30 days",
            Credential.objects.filter(valid_until__gte=today, valid_until__lte=soon).count(),
            admin_list(
                "providers_credential",
                valid_until__gte=today.isoformat(),
                valid_until__lte=soon.isoformat(),
            ),
        ),
        Waiting(
            "Enquiries unanswered for over 2 working days",
            Enquiry.objects.unanswered(now, working_days=UNANSWERED_AFTER).count(),
            admin_list("enquiries_enquiry", unanswered=UNANSWERED_AFTER),
        ),
    ]


# The chart's geometry (templates/admin/desk.html draws it): a row per area, names on the
# left, bars as long as the area's count against the best-covered area's.
BAR_HEIGHT = 22
BAR_AREA = 440


def coverage():
    """Listed providers with a branch in each area, region by region, as the chart's bars."""
    areas = (
        Area.objects.filter(parent__isnull=False)
        .select_related("parent")
        .annotate(
            providers=Count(
                "locations__provider",
                filter=Q(locations__provider__is_published=True),
                distinct=True,
            )
        )
        .order_by("parent__name", "name")
    )
    most = max((area.providers for area in areas), default=0) or 1
    return [
        Bar(
            area.name,
            area.parent.name,
            area.providers,
            BAR_AREA * area.providers / most,
            n * BAR_HEIGHT,
        )
        for n, area in enumerate(areas)
    ]
