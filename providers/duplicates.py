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
    PHONE_ENDING_DIGITS,
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
    # The quick upper bounds first, as difflib.get_close_matches does: most names differ.
    matcher = SequenceMatcher(None, simplified(a), simplified(b))
    return (
        matcher.real_quick_ratio() >= SIMILAR_NAMES
        and matcher.quick_ratio() >= SIMILAR_NAMES
        and matcher.ratio() >= SIMILAR_NAMES
    )


def with_numbers(phones, exclude):
    """
    {phone: [listings, but those of `exclude` (ids), with it on the listing or one of its
    branches]}, for each phone.
    """
    endings = {digits(phone)[-PHONE_ENDING_DIGITS:] for phone in phones}
    endings = {ending for ending in endings if len(ending) == PHONE_ENDING_DIGITS}
    if not endings:
        return {}
    # Two lookups by the indexed endings rather than one across the join, which no index serves.
    ids = set(Provider.objects.filter(phone_ending__in=endings).values_list("pk", flat=True))
    ids.update(
        Location.objects.filter(phone_ending__in=endings).values_list("provider_id", flat=True)
    )
    candidates = Provider.objects.filter(pk__in=ids - set(exclude)).prefetch_related("locations")
    found = {}
    for other in candidates:
        numbers = [other.phone, *(branch.phone for branch in other.locations.all())]
        for phone in phones:
            if any(same_number(phone, number) for number in numbers):
                found.setdefault(phone, []).append(other)
    return found


def matches(provider, branches=None, ignore=()):
    """
    [(another listing, why it may be the same practice)] for this listing: for its own phone
    and all its branches, or for the `branches` given only (those an import added or changed),
    leaving out the listings `ignore` names (the others of one import: a chain's own).
    """
    exclude = [provider.pk, *ignore]
    if branches is None:
        branches = list(provider.locations.all())
        phones = {provider.phone, *(branch.phone for branch in branches)} - {""}
    else:
        phones = {branch.phone for branch in branches} - {""}
    found = {}
    for phone, others in with_numbers(phones, exclude).items():
        for other in others:
            found.setdefault(other, f"the same phone number, {phone}")
    codes = {branch.postal_code for branch in branches} - {""}
    nearby = list(
        Location.objects.filter(postal_code__in=codes)
        .exclude(provider__in=exclude)
        .values_list("provider", "provider__name", "postal_code")
        .distinct()
    )
    names = {other: name for other, name, _code in nearby}
    alike = {other for other, name in names.items() if similar(provider.name, name)}
    others = Provider.objects.in_bulk(alike)
    for other, _name, code in nearby:
        if other in alike:
            found.setdefault(others[other], f"a similar name and a branch at postal code {code}")
    return list(found.items())


def record(provider, found_when, branches=None, ignore=()):
    """
    Note each pair for the moderators (once per pair, whichever way round), of the listing or
    of the `branches` given (matches()). How many new.
    """
    added = 0
    for other, reason in matches(provider, branches, ignore):
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
    for other in with_numbers([claim.phone], [claim.provider_id]).get(claim.phone, []):
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
