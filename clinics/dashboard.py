"""What the /manage/ dashboard says about each listing: what is missing or stale, what changed."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch
from django.utils import timezone

from clinics import access
from providers.models import (
    CONFIRMATION_REMINDER,
    Credential,
    Location,
    OpeningException,
    OpeningHours,
    Photo,
    Practitioner,
    Provider,
    ProviderService,
    Weekday,
)

EXPIRY_WARNING = datetime.timedelta(days=30)
HOURS_REVIEW_AGE = datetime.timedelta(days=183)
RECENT_CHANGES = 8
# The models whose history the dashboard reads, and how each names the changed row.
HISTORIES = [
    (Provider, "Details", lambda r: r.name),
    (Location, "Branch", lambda r: r.name),
    (
        OpeningHours,
        "Opening hours",
        lambda r: f"{Weekday(r.weekday).label} {r.opens:%H:%M}–{r.closes:%H:%M}",
    ),
    (OpeningException, "Exception", lambda r: f"{r.date:%d %b %Y}"),
    (ProviderService, "Service", lambda r: f"service #{r.service_id}"),
    (Practitioner, "Practitioner", lambda r: r.name),
    (Credential, "Credential", lambda r: f"{r.issuing_body} {r.number}".strip()),
    (Photo, "Photo", lambda r: r.alt_text),
]
VERBS = {"+": "added", "~": "changed", "-": "deleted"}
# What other apps count for each listing (enquiries: received, unanswered, reply time, views;
# reports of wrong information): functions of (provider ids, now) giving {provider id:
# [(label, value) or (label, value, name of the listing's page that shows them), ...]}, a few
# queries for all the listings at once.
FIGURES = []


@dataclass(frozen=True)
class Figure:
    label: str
    value: object
    page: str = ""  # a URL name taking the listing's slug


@dataclass
class Listing:
    provider: object
    issues: list = field(default_factory=list)
    changes: list = field(default_factory=list)
    figures: list = field(default_factory=list)


def listings_for(user, now=None):
    """The user's providers with their issues and recent changes, in a fixed number of queries."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    providers = list(
        access.providers_for(user)
        .annotate(
            has_photos=Exists(Photo.objects.filter(provider=OuterRef("pk"))),
            has_services=Exists(ProviderService.objects.filter(provider=OuterRef("pk"))),
        )
        .prefetch_related(
            Prefetch("locations", queryset=Location.objects.annotate(hour_count=Count("hours"))),
            "credentials",
        )
        .order_by("name")
    )
    listings = {p.pk: Listing(p) for p in providers}
    for provider in providers:
        issues = listings[provider.pk].issues
        if not provider.description:
            issues.append("No description")
        if not provider.has_photos:
            issues.append("No photos")
        if not provider.has_services:
            issues.append("No services listed")
        branches = provider.locations.all()
        if not branches:
            issues.append("No branch address")
        for branch in branches:
            if not branch.hour_count:
                issues.append(f"No opening hours for {branch.name}")
        if provider.unconfirmed_for(CONFIRMATION_REMINDER, now):
            issues.append("Details not confirmed for 3 months: check them and confirm")
        reviewed = provider.hours_reviewed_at
        if reviewed is None or now - reviewed > HOURS_REVIEW_AGE:
            issues.append("Opening hours not reviewed for 6 months")
        for credential in provider.credentials.all():
            if credential.valid_until is None:
                pass
            elif credential.valid_until < today:
                issues.append(f"{credential.issuing_body}: expired on {credential.valid_until}")
                continue
            elif credential.valid_until - today <= EXPIRY_WARNING:
                days = (credential.valid_until - today).days
                issues.append(f"{credential.issuing_body}: credential expires in {days} days")
            if not credential.is_verified:
                issues.append(f"{credential.issuing_body}: awaiting verification")
    _add_changes(listings)
    for figures_of in FIGURES if listings else []:
        for provider_id, figures in figures_of(list(listings), now).items():
            listings[provider_id].figures.extend(Figure(*figure) for figure in figures)
    return list(listings.values())


def _add_changes(listings):
    """The latest changes of each listing, newest first: one query per history table."""
    if not listings:
        return
    ids = list(listings)
    branch_owner = dict(
        Location.history.filter(provider_id__in=ids).values_list("id", "provider_id").distinct()
    )
    for model, label, describe in HISTORIES:
        history = model.history.select_related("history_user")
        if model is Provider:
            rows = history.filter(id__in=ids)
            owner = lambda r: r.id  # noqa: E731
        elif model in (OpeningHours, OpeningException):
            rows = history.filter(location_id__in=list(branch_owner))
            owner = lambda r: branch_owner.get(r.location_id)  # noqa: E731
        else:
            rows = history.filter(provider_id__in=ids)
            owner = lambda r: r.provider_id  # noqa: E731
        for record in rows.order_by("-history_date")[: RECENT_CHANGES * len(ids)]:
            listing = listings.get(owner(record))
            if listing is None:
                continue
            listing.changes.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "what": f"{label} “{describe(record)}” {VERBS[record.history_type]}",
                }
            )
    for listing in listings.values():
        listing.changes.sort(key=lambda c: c["when"], reverse=True)
        del listing.changes[RECENT_CHANGES:]
