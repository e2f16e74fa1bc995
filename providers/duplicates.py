"""
Listings that may be one practice twice: the same phone number, or a branch at the same postal
code under a similar name. Looked for when a listing is added in the admin and when someone
claims one; each pair found waits for a moderator (PossibleDuplicate), who merges the newer
listing into the existing one or dismisses the pair.
"""

from difflib import SequenceMatcher

from django.db import transaction
from django.db.models import Q

from providers import changes
from providers.models import (
    Credential,
    DuplicateStatus,
    Location,
    Photo,
    PossibleDuplicate,
    Practitioner,
    Provider,
    ProviderService,
)

SIMILAR_NAMES = 0.8  # difflib's ratio of the simplified names
# Words every practice's name may hold: they say nothing about which practice it is.
COMMON_WORDS = {"the", "clinic", "centre", "center", "pte", "ltd", "and", "&"}


def digits(phone):
    return "".join(c for c in phone or "" if c.isdigit())


def same_number(a, b):
    """The same phone number, with or without its country code ("+65 6123 4567", "61234567")."""
    a, b = digits(a), digits(b)
    return len(a) >= 7 and len(b) >= 7 and (a.endswith(b) or b.endswith(a))


def simplified(name):
    return " ".join(w for w in name.lower().replace(".", " ").split() if w not in COMMON_WORDS)


def similar(a, b):
    return SequenceMatcher(None, simplified(a), simplified(b)).ratio() >= SIMILAR_NAMES


def with_number(phone, exclude):
    """Other listings with this phone number on the listing or one of its branches."""
    tail = digits(phone)[-4:]
    if len(digits(phone)) < 7:
        return []
    candidates = (
        Provider.objects.exclude(pk=exclude)
        .filter(Q(phone__endswith=tail) | Q(locations__phone__endswith=tail))
        .prefetch_related("locations")
        .distinct()
    )
    return [
        other
        for other in candidates
        if same_number(phone, other.phone)
        or any(same_number(phone, branch.phone) for branch in other.locations.all())
    ]


def matches(provider):
    """[(another listing, why it may be the same practice)] for this listing."""
    found = {}
    branches = list(provider.locations.all())
    for phone in {provider.phone, *(branch.phone for branch in branches)} - {""}:
        for other in with_number(phone, provider.pk):
            found.setdefault(other, f"the same phone number, {phone}")
    for branch in branches:
        if not branch.postal_code:
            continue
        nearby = Location.objects.filter(postal_code=branch.postal_code).exclude(provider=provider)
        for other in Provider.objects.filter(pk__in=nearby.values("provider")):
            if similar(provider.name, other.name):
                found.setdefault(
                    other, f"a similar name and a branch at postal code {branch.postal_code}"
                )
    return list(found.items())


def record(provider, found_when):
    """Note each pair for the moderators (once per pair, whichever way round). How many new."""
    added = 0
    for other, reason in matches(provider):
        known = PossibleDuplicate.objects.filter(
            Q(listing=provider, existing=other) | Q(listing=other, existing=provider)
        )
        if not known.exists():
            PossibleDuplicate.objects.create(
                listing=provider, existing=other, reason=reason, found_when=found_when
            )
            added += 1
    return added


def record_for_claim(claim):
    """A claim's phone number that belongs to another listing: the two may be one practice."""
    added = 0
    for other in with_number(claim.phone, claim.provider_id):
        pair = Q(listing=claim.provider, existing=other) | Q(listing=other, existing=claim.provider)
        if not PossibleDuplicate.objects.filter(pair).exists():
            PossibleDuplicate.objects.create(
                listing=claim.provider,
                existing=other,
                reason=f"the claimant's phone number, {claim.phone}, is the other listing's",
                found_when="a claim",
            )
            added += 1
    return added


@transaction.atomic
def merge(pair, moderator):
    """
    Fold `pair.listing` into `pair.existing`: its branches, practitioners, credentials, photos
    and the services the existing listing does not offer yet move over, with the staff,
    enquiries, claims and reports that other apps keep per listing (they follow the provider
    key); the emptied listing is unpublished, not deleted, so that its history stays.
    """
    duplicate, kept = pair.listing, pair.existing
    for model in (Location, Practitioner, Credential, Photo):
        model.objects.filter(provider=duplicate).update(provider=kept)
    offered = kept.offers.values("service")
    ProviderService.objects.filter(provider=duplicate).exclude(service__in=offered).update(
        provider=kept
    )
    for relation in _per_listing_relations():
        relation.related_model.objects.filter(**{relation.field.name: duplicate}).exclude(
            **_already_there(relation, kept)
        ).update(**{relation.field.name: kept})
    Provider.objects.filter(pk=duplicate.pk).update(is_published=False)
    pair.decide(DuplicateStatus.MERGED, moderator)
    # Rows moved with update(): no signals, so the two listings are rebuilt here.
    changes.listings_changed([duplicate.pk, kept.pk])


# Relations of other apps that point at a listing and move with it: staff, enquiries, claims,
# reports. Those of the listing's own rows are moved above; these are found, not named, so that
# providers need not know the apps built on it.
MOVED_APPS = {"clinics", "enquiries", "corrections"}


def _per_listing_relations():
    return [
        relation
        for relation in Provider._meta.get_fields()
        if relation.one_to_many
        and relation.auto_created
        and relation.related_model._meta.app_label in MOVED_APPS
    ]


def _already_there(relation, kept):
    """
    What may be on the kept listing once only: a staff member of both keeps their one
    membership, a person with a claim waiting on both keeps one claim.
    """
    rows = relation.related_model.objects.filter(**{relation.field.name: kept})
    name = relation.related_model._meta.model_name
    if name == "membership":
        return {"user__in": rows.values("user")}
    if name == "claimrequest":
        return {"status": "pending", "email__in": rows.filter(status="pending").values("email")}
    return {}
