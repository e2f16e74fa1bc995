"""What the /manage/ dashboard says about each listing: what is missing or stale, what changed."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Subquery
from django.utils import dateformat, timezone

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
)
from providers.templatetags.directory import price

EXPIRY_WARNING = datetime.timedelta(days=30)
HOURS_REVIEW_AGE = datetime.timedelta(days=183)
RECENT_CHANGES = 8
# Changes saved together by one person (a week of hours, a holiday closing every branch) are
# told as one line: those of the same kind within this time of each other.
TOGETHER = datetime.timedelta(minutes=1)
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


@dataclass
class Change:
    """One line of a listing's recent changes: what, in words, who and when."""

    when: datetime.datetime
    who: object
    text: str
    places: list = field(default_factory=list)  # branches: "… at Tampines branch and …"
    together: tuple = ()  # changes with the same key, saved together, make one line

    @property
    def what(self):
        if not self.places:
            return self.text
        return f"{self.text} at {' and '.join(self.places)}"


def _day(date):
    return dateformat.format(date, "j M Y")


def _named(text, reason):
    return f"{text} ({reason})" if reason else text


def _verb(record, deleted="deleted"):
    return {"+": "added", "~": "changed", "-": deleted}[record.history_type]


def _describe_provider(record, branch):
    if record.history_type == "~" and record.previous_confirmed_at != record.confirmed_at:
        return f"Details of {record.name} confirmed as correct", ()
    if record.history_type == "~" and record.previous_reviewed_at != record.hours_reviewed_at:
        return "Opening hours checked as still right", ()
    return {
        "+": f"Listing “{record.name}” created",
        "~": f"Details of {record.name} changed",
        "-": f"Listing “{record.name}” deleted",
    }[record.history_type], ()


def _describe_branch(record, branch):
    return f"Branch “{record.name}” {_verb(record)}", ()


def _describe_hours(record, branch):
    return f"Opening hours of {branch} changed", ("hours", record.location_id)


def _describe_exception(record, branch):
    day = _day(record.date)
    if record.history_type == "+" and record.closed:
        text = _named(f"Closed on {day}", record.reason)
    elif record.history_type == "+":
        hours = f"{record.opens:%H:%M}–{record.closes:%H:%M}"
        text = _named(f"Open {hours} only on {day}", record.reason)
    else:
        kind = "Closure" if record.closed else "Special hours"
        text = f"{kind} on {day} {_verb(record, deleted='removed')}"
    return text, ("exception", text)


def _describe_offer(record, branch):
    name = record.service.name if record.service else "A service"
    if record.history_type == "~" and record.previous_price != record.price:
        was, now = price(record.previous_price), price(record.price)
        return f"Price of {name} changed from {was} to {now}", ()
    return f"Service “{name}” {_verb(record, deleted='removed')}", ()


def _describe_practitioner(record, branch):
    return f"Practitioner “{record.name}” {_verb(record, deleted='removed')}", ()


def _describe_credential(record, branch):
    name = f"{record.issuing_body} {record.number}".strip()
    return f"Credential “{name}” {_verb(record)}", ()


def _describe_photo(record, branch):
    if record.alt_text:
        return f"Photo “{record.alt_text}” {_verb(record)}", ()
    return f"A photo {_verb(record)}", ()


# The models whose history the dashboard reads, the field leading each record to its listing
# ("location": through its branch), and what a record says: (text, key), where changes with
# the same key saved together make one line.
HISTORIES = [
    (Provider, "id", _describe_provider),
    (Location, "provider_id", _describe_branch),
    (OpeningHours, "location", _describe_hours),
    (OpeningException, "location", _describe_exception),
    (ProviderService, "provider_id", _describe_offer),
    (Practitioner, "provider_id", _describe_practitioner),
    (Credential, "provider_id", _describe_credential),
    (Photo, "provider_id", _describe_photo),
]


def _add_changes(listings):
    """The latest changes of each listing, newest first: one query per history table."""
    if not listings:
        return
    ids = list(listings)
    # Each branch's listing and its latest name, deleted branches included (a join to the
    # branches would drop those: Django joins a foreign key it filters on with INNER JOIN).
    branches = {
        pk: (provider_id, name)
        for pk, provider_id, name in Location.history.filter(provider_id__in=ids)
        .order_by("history_date")
        .values_list("id", "provider_id", "name")
    }
    changes = []
    for model, owner, describe in HISTORIES:
        rows = model.history.select_related("history_user")
        limit = RECENT_CHANGES * len(ids)
        if owner == "location":
            rows = rows.filter(location_id__in=list(branches))
            # Hours and dates are saved many rows at a time: read enough to make 8 lines.
            limit *= 20
        else:
            rows = rows.filter(**{f"{owner}__in": ids})
        if model is Provider:
            rows = rows.annotate(
                previous_confirmed_at=_previous(model, "confirmed_at"),
                previous_reviewed_at=_previous(model, "hours_reviewed_at"),
            )
        if model is ProviderService:
            rows = rows.select_related("service").annotate(previous_price=_previous(model, "price"))
        for record in rows.order_by("-history_date")[:limit]:
            branch = None
            if owner == "location":
                provider_id, branch = branches[record.location_id]
            else:
                provider_id = getattr(record, owner)
            if provider_id not in listings:
                continue
            text, key = describe(record, branch)
            change = Change(record.history_date, record.history_user, text)
            if key:
                change.together = (provider_id, record.history_user_id, *key)
            if model is OpeningException:
                change.places = [branch]
            changes.append((provider_id, change))
    changes.sort(key=lambda pair: pair[1].when, reverse=True)
    latest = {}  # a `together` key: the newest line of those changes
    for provider_id, change in changes:
        line = latest.get(change.together)
        if line and line.when - change.when <= TOGETHER:
            line.places += [place for place in change.places if place not in line.places]
            continue
        if change.together:
            latest[change.together] = change
        listings[provider_id].changes.append(change)
    for listing in listings.values():
        del listing.changes[RECENT_CHANGES:]


def _previous(model, name):
    """A field's value in the record before each one of the same row."""
    before = model.history.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
    return Subquery(before.order_by("-history_date").values(name)[:1])
