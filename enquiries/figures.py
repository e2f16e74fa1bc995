"""What the /manage/ dashboard counts for each listing: enquiries, answers, profile views."""

import datetime
from collections import defaultdict

from django.db.models import Count, Q, Sum
from django.utils import timezone

from enquiries.models import Enquiry, EnquiryStatus, ProfileViews, median_reply_time
from enquiries.models import working_days_before as before

WEEK = datetime.timedelta(days=7)
REPLY_TIME_OVER = datetime.timedelta(days=90)
UNANSWERED_AFTER = 2  # working days


def for_listings(provider_ids, now):
    """{provider id: [(label, value), …]} for these providers, in three queries."""
    today = timezone.localdate(now)
    counts = {
        row["provider_id"]: row
        for row in Enquiry.objects.filter(provider_id__in=provider_ids)
        .values("provider_id")
        .annotate(
            this_week=Count("pk", filter=Q(created_at__gte=now - WEEK)),
            unanswered=Count(
                "pk",
                filter=Q(
                    status=EnquiryStatus.NEW,
                    erased_at__isnull=True,
                    created_at__lt=before(now, UNANSWERED_AFTER),
                ),
            ),
        )
    }
    answered = defaultdict(list)
    for enquiry in Enquiry.objects.filter(
        provider_id__in=provider_ids,
        created_at__gte=now - REPLY_TIME_OVER,
        first_reply_at__isnull=False,
    ).only("provider_id", "created_at", "first_reply_at"):
        answered[enquiry.provider_id].append(enquiry)
    views = {
        row["provider_id"]: row
        for row in ProfileViews.objects.filter(
            provider_id__in=provider_ids, day__gt=today - 2 * WEEK
        )
        .values("provider_id")
        .annotate(
            this_week=Sum("count", filter=Q(day__gt=today - WEEK)),
            last_week=Sum("count", filter=Q(day__lte=today - WEEK)),
        )
    }
    figures = {}
    for pk in provider_ids:
        count = counts.get(pk, {})
        seen = views.get(pk, {})
        figures[pk] = [
            ("Enquiries in the last 7 days", count.get("this_week", 0)),
            (
                f"Unanswered for over {UNANSWERED_AFTER} working days",
                count.get("unanswered", 0),
            ),
            (
                "Median time to the first answer (last 90 days)",
                duration(median_reply_time(answered[pk])),
            ),
            (
                "Profile views in the last 7 days",
                f"{seen.get('this_week') or 0} (the 7 days before: {seen.get('last_week') or 0})",
            ),
        ]
    return figures


def duration(span):
    """A time span in words a person reads at a glance: minutes, hours, or days."""
    if span is None:
        return "no answers yet"
    minutes = round(span.total_seconds() / 60)
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = round(minutes / 60)
    if hours < 48:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    days = round(hours / 24)
    return f"{days} days"
