"""
What is derived from a listing's rows and stored on it for the directory to read: its search
text (providers.search), its filter facets (providers.facets), its result card
(providers.cards), its ✓ badge (Credential.objects.verifying()) and its quality points for
"best match" (`quality`). Never edited; providers.changes rebuilds them after every committed
change, and providers.tasks.follow_the_calendar those the calendar changes.

Everything is worked out here, in Python, from the rows, whatever the database; only the way
it is stored differs: on PostgreSQL the search document is a weighted tsvector (name A; kind,
services and conditions B; description and practitioners C) and the facets a tsvector, both
with GIN indexes; elsewhere both are plain text of words between spaces.
"""

import datetime
from collections import defaultdict

from django.db import connections, transaction
from django.utils import timezone, translation

from providers import cards, facets, geo, search
from providers.models import (
    CONFIRMATION_STALE,
    Credential,
    Location,
    OpeningException,
    OpeningHours,
    Photo,
    Practitioner,
    Provider,
    ProviderCard,
    ProviderKind,
    ProviderService,
)

# "Best match" ranks listings the words match equally well by these points (docs/search.md):
# what a patient can trust first, then what they can see before they call.
QUALITY_POINTS = {
    "verified": 3,  # a moderator checked a current licence or registration
    "current": 2,  # details confirmed, or the listing added, within CONFIRMATION_STALE
    "hours": 1,
    "prices": 1,
    "practitioners": 1,
    "photos": 1,
}

# Providers read and written at a time: a day's seeding or a rebuild of the whole directory
# goes through in pieces of this size.
CHUNK = 2000


def rebuild(provider_ids, using="default"):
    """Rebuild the search text, facets and card of these providers (ids of deleted ones skipped)."""
    ids = sorted({pk for pk in provider_ids if pk is not None})
    for start in range(0, len(ids), CHUNK):
        with transaction.atomic(using=using):
            _rebuild_chunk(ids[start : start + CHUNK], using)


def rebuild_all(using="default"):
    """Rebuild every provider's derived data (after a change of what it holds)."""
    rebuild(Provider.objects.using(using).values_list("pk", flat=True), using)


class Rows:
    """The rows of a few providers that their derived data is made from, grouped by provider."""

    def __init__(self, ids, using, today):
        self.providers = list(
            Provider.objects.using(using)
            .filter(pk__in=ids)
            .only("pk", "name", "kind", "description", "confirmed_at", "created_at")
        )
        self.offers = _grouped(
            ProviderService.objects.using(using)
            .filter(provider_id__in=ids)
            .order_by("service__name", "pk")
            .values_list("provider_id", "service_id", "service__name", "price")
        )
        self.conditions = _grouped(
            Provider.conditions.through.objects.using(using)
            .filter(provider_id__in=ids)
            .order_by("condition__name")
            .values_list("provider_id", "condition_id", "condition__name")
        )
        self.languages = _grouped(
            Provider.languages.through.objects.using(using)
            .filter(provider_id__in=ids)
            .order_by("language__name")
            .values_list("provider_id", "language_id", "language__name")
        )
        self.practitioners = _grouped(
            Practitioner.objects.using(using)
            .filter(provider_id__in=ids)
            .order_by("pk")
            .values_list("provider_id", "name", "training", "gender")
        )
        self.branches = _grouped(
            Location.objects.using(using)
            .filter(provider_id__in=ids)
            .order_by("name", "pk")
            .values_list(
                "provider_id",
                "pk",
                "name",
                "latitude",
                "longitude",
                "area_id",
                "area__name",
                "area__parent_id",
                "area__parent__name",
            )
        )
        self.hours = _grouped(
            OpeningHours.objects.using(using)
            .filter(location__provider_id__in=ids)
            .order_by("weekday", "opens")
            .values_list("location__provider_id", "location_id", "weekday", "opens", "closes")
        )
        self.exceptions = _grouped(
            OpeningException.objects.using(using)
            .filter(location__provider_id__in=ids)
            .order_by("date", "opens")
            .values_list(
                "location__provider_id",
                "location_id",
                "date",
                "closed",
                "opens",
                "closes",
                "reason",
            )
        )
        self.verified = set(
            Credential.objects.using(using)
            .verifying(today)
            .filter(provider_id__in=ids)
            .values_list("provider_id", flat=True)
        )
        self.with_photos = set(
            Photo.objects.using(using)
            .filter(provider_id__in=ids)
            .values_list("provider_id", flat=True)
        )
        # A card keeps the exceptions from the day before it was built on: a night's special
        # hours may run past midnight into today.
        self.exceptions_since = today - datetime.timedelta(days=1)


def _grouped(rows):
    """Rows whose first value is a provider's id, as {provider id: [the rest of each row]}."""
    found = defaultdict(list)
    for provider_id, *rest in rows:
        found[provider_id].append(rest)
    return found


def texts(provider, rows):
    """
    The search text of a provider in three parts, by weight: its name; its kind, services and
    conditions; its description and its practitioners' names and training.
    """
    # The kind's English name, whichever language the request that changed the listing was in.
    with translation.override("en"):
        kind = str(dict(ProviderKind.choices).get(provider.kind, ""))
    terms = [kind, *(name for _id, name, _price in rows.offers[provider.pk])]
    terms += [name for _id, name in rows.conditions[provider.pk]]
    people = [
        part
        for name, training, _gender in rows.practitioners[provider.pk]
        for part in (name, training)
    ]
    rest = [provider.description, *people]
    return provider.name, " ".join(filter(None, terms)), " ".join(filter(None, rest))


def facet_tokens(provider, rows):
    """Every token the directory's filters can find this provider by (providers.facets)."""
    pk = provider.pk
    found = set()
    found.update(facets.tokens(facets.SERVICE, [sid for sid, _name, _price in rows.offers[pk]]))
    found.update(facets.tokens(facets.CONDITION, [cid for cid, _name in rows.conditions[pk]]))
    found.update(facets.tokens(facets.LANGUAGE, [lid for lid, _name in rows.languages[pk]]))
    found.update(
        facets.token(facets.GENDER, gender)
        for _name, _training, gender in rows.practitioners[pk]
        if gender
    )
    for _id, _name, latitude, longitude, area_id, *_area in rows.branches[pk]:
        found.add(facets.token(facets.AREA, area_id))
        if latitude is not None and longitude is not None:
            found.update(geo.cells(geo.Point(latitude, longitude)))
    for _location, weekday, opens, closes in rows.hours[pk]:
        found.update(facets.opening_tokens(weekday, opens, closes))
    for _location, date, closed, *_rest in rows.exceptions[pk]:
        found.add(facets.exception_date_token(date))
        if not closed:
            found.add(facets.special_date_token(date))
    return found


def quality(provider, rows):
    """The provider's points for "best match" (QUALITY_POINTS)."""
    pk = provider.pk
    has = {
        "verified": provider.is_verified,
        "current": provider.is_current,
        "hours": bool(rows.hours[pk]),
        "prices": any(price is not None for _id, _name, price in rows.offers[pk]),
        "practitioners": bool(rows.practitioners[pk]),
        "photos": pk in rows.with_photos,
    }
    return sum(points for what, points in QUALITY_POINTS.items() if has[what])


def card(provider, rows):
    """The provider's stored card (providers.cards reads it back)."""
    pk = provider.pk
    hours, exceptions = defaultdict(list), defaultdict(list)
    for location, weekday, opens, closes in rows.hours[pk]:
        hours[location].append((weekday, opens, closes))
    for location, date, closed, opens, closes, reason in rows.exceptions[pk]:
        if date >= rows.exceptions_since:
            exceptions[location].append((date, closed, opens, closes, reason))
    return cards.card_data(
        branches=[
            (*branch, hours[branch[0]], exceptions[branch[0]]) for branch in rows.branches[pk]
        ],
        offers=rows.offers[pk],
        languages=[name for _id, name in rows.languages[pk]],
    )


def _rebuild_chunk(ids, using):
    now = timezone.now()
    rows = Rows(ids, using, today=timezone.localdate(now))
    postgresql = connections[using].vendor == "postgresql"
    for provider in rows.providers:
        name, terms, rest = texts(provider, rows)
        tokens = facet_tokens(provider, rows)
        provider.search_terms = search.padded_words(f"{name} {terms}")
        provider.is_verified = provider.pk in rows.verified
        provider.is_current = not provider.unconfirmed_for(CONFIRMATION_STALE, now)
        provider.quality = quality(provider, rows)
        if postgresql:
            provider.search_document = search.WeightedDocument(name, terms, rest)
            provider.facets = facets.stored_postgresql(tokens)
        else:
            provider.search_document = search.padded_words(f"{name} {terms} {rest}")
            provider.facets = facets.as_text(tokens)
    Provider.objects.using(using).bulk_update(
        rows.providers,
        ["search_terms", "search_document", "facets", "is_verified", "is_current", "quality"],
        batch_size=500,
    )
    ProviderCard.objects.using(using).bulk_create(
        [ProviderCard(provider_id=p.pk, data=card(p, rows)) for p in rows.providers],
        update_conflicts=True,
        unique_fields=["provider"],
        update_fields=["data"],
        batch_size=500,
    )
