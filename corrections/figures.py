"""What the /manage/ dashboard says of each listing's reports of wrong information."""

from django.db.models import Count

from corrections.models import Report


def for_listings(provider_ids, now):
    """{provider id: [(label, open reports, the page that lists them)]}, in one query."""
    open_reports = dict(
        Report.objects.open()
        .filter(provider_id__in=provider_ids)
        .values("provider_id")
        .annotate(count=Count("pk"))
        .values_list("provider_id", "count")
    )
    return {
        pk: [("Reports of wrong information to check", open_reports.get(pk, 0), "reports:list")]
        for pk in provider_ids
    }
