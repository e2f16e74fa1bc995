"""
What the API reads: the listed providers a request's filters leave, found by the directory's
own search (providers.directory.DirectorySearch, so the API and the pages agree on what
"search", a term or a distance means), and the prefetches that make every page of records a
fixed number of queries whatever its size.
"""

import hashlib
import math
import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import F, Prefetch
from django.utils import timezone

from api import records
from api import taxonomies as tx
from providers import geo, places, search
from providers.changes import generation
from providers.directory import DirectorySearch
from providers.models import Location, OpeningException, Provider, ProviderService
from providers.vocabulary import Vocabulary

# A postcode without `proximity` searches this far around it (metres).
DEFAULT_PROXIMITY_M = 5000
# Only an upper bound: a new generation makes older counts unreachable at once.
COUNT_SECONDS = 60 * 60


class BadParameter(ValueError):
    """A query parameter the API cannot use: answered 400, naming the parameter."""

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter


@dataclass
class Narrowing:
    """The request's filters, read: the directory's search and what only the API asks."""

    search: DirectorySearch
    service_ids: tuple = ()
    any_offer: bool = False


def narrowing(params):
    """Read the filters of `params` (api.schemas.Filters); BadParameter when one is unusable."""
    wanted = {}
    service_ids = ()
    any_offer = False
    needs_vocabulary = params.search or params.taxonomy_term_id or params.taxonomy_id
    vocabulary = Vocabulary.current() if needs_vocabulary or params.postcode else None

    text = (params.search or "").strip()
    if text:
        wanted["text"] = text
        wanted["query"] = search.parse(text, vocabulary.synonym_map(), vocabulary.words)

    if params.taxonomy_id:
        taxonomy = tx.taxonomy_by_id(params.taxonomy_id)
        if taxonomy is None:
            raise BadParameter("taxonomy_id", "No taxonomy has this id: see /taxonomies.")
        # Described by some term of the taxonomy: every listing has a kind and every branch
        # an area, so only treatments, conditions and languages narrow anything.
        if taxonomy.key == tx.SERVICES:
            any_offer = True
        elif taxonomy.key == tx.CONDITIONS:
            wanted["condition_ids"] = tuple(term.id for term in vocabulary.conditions)
        elif taxonomy.key == tx.LANGUAGES:
            wanted["language_ids"] = tuple(term.id for term in vocabulary.languages)

    if params.taxonomy_term_id:
        found = tx.terms_by_id(vocabulary).get(params.taxonomy_term_id)
        if found is None:
            raise BadParameter("taxonomy_term_id", "No taxonomy term has this id.")
        if found.key == tx.SERVICES:
            service_ids = tuple(Vocabulary.ids(vocabulary.services, [found.slug]))
            wanted["service_ids"] = service_ids
        elif found.key == tx.CONDITIONS:
            wanted["condition_ids"] = tuple(Vocabulary.ids(vocabulary.conditions, [found.slug]))
        elif found.key == tx.LANGUAGES:
            wanted["language_ids"] = tuple(Vocabulary.ids(vocabulary.languages, [found.slug]))
        elif found.key == tx.AREAS:
            wanted["area_ids"] = tuple(vocabulary.area_ids(found.slug))
        else:
            wanted["kinds"] = (found.slug,)

    if params.proximity is not None and not params.postcode:
        raise BadParameter("proximity", "proximity is a distance from a postcode: give postcode.")
    if params.postcode:
        code = params.postcode.replace(" ", "")
        if not code.isdigit():
            raise BadParameter("postcode", "A postcode is digits only.")
        try:
            wanted["place"] = places.resolve(code, vocabulary)
        except places.PlaceError as error:
            raise BadParameter("postcode", str(error)) from None
        wanted["radius_km"] = (params.proximity or DEFAULT_PROXIMITY_M) / 1000

    return Narrowing(DirectorySearch(**wanted), service_ids, any_offer)


def providers(params, found=None):
    """The listed providers the filters of `params` leave, in name order."""
    found = found or narrowing(params)
    providers = found.search.providers(Provider.objects.listed())
    if found.any_offer:
        providers = providers.offering(())
    if params.organization_id:
        providers = providers.filter(uuid=params.organization_id)
    if params.modified_after:
        moment = params.modified_after
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        providers = providers.filter(content_modified__gte=moment)
    return providers.order_by("name", "pk")


def offers(params, found=None):
    """The offers (HSDS services) of those providers, by provider, then treatment."""
    found = found or narrowing(params)
    offers = ProviderService.objects.filter(provider__in=providers(params, found).values("pk"))
    if found.service_ids:
        offers = offers.filter(service_id__in=found.service_ids)
    return offers.select_related("provider", "service").order_by(
        "provider__name", "provider_id", "service__name", "pk"
    )


def offers_at_branches(params):
    """
    (offer id, branch id) pairs, one per HSDS service_at_location: the offers of `offers()` at
    each of their provider's branches, those branches within the distance and area asked.
    Every condition on the branch is on an annotation, so that all of them read one join.
    """
    found = narrowing(params)
    pairs = offers(params, found).annotate(
        location_pk=F("provider__locations__pk"),
        location_name=F("provider__locations__name"),
        location_area=F("provider__locations__area_id"),
    )
    pairs = pairs.filter(location_pk__isnull=False)
    place = found.search.place
    if place:
        box = geo.bounding_box(place.point, found.search.radius_km)
        pairs = pairs.annotate(
            location_lat=F("provider__locations__latitude"),
            location_lng=F("provider__locations__longitude"),
            location_km=geo.distance_expression(
                place.point, "provider__locations__latitude", "provider__locations__longitude"
            ),
        ).filter(
            location_lat__range=(box.min_latitude, box.max_latitude),
            location_lng__range=(box.min_longitude, box.max_longitude),
            location_km__lte=found.search.radius_km,
        )
    if found.search.area_ids:
        pairs = pairs.filter(location_area__in=found.search.area_ids)
    return pairs.order_by(
        "provider__name", "provider_id", "service__name", "pk", "location_name", "location_pk"
    ).values_list("pk", "location_pk")


def service_at_location(id):
    """
    The listed (offer, branch) pair that `id` names (records.service_at_location_id), or None:
    for each treatment, the branch whose uuid the id would be made from, in one query.
    """
    services = {
        uuid.UUID(int=id.int ^ records.treatment_mask(term.slug)): term.id
        for term in Vocabulary.current().services
    }
    branch = branches().filter(uuid__in=services, provider__in=Provider.objects.listed()).first()
    if branch is None:
        return None
    offer = (
        ProviderService.objects.select_related("provider", "service")
        .filter(provider_id=branch.provider_id, service_id=services[branch.uuid])
        .first()
    )
    return (offer, branch) if offer else None


# -- what a page of records reads -----------------------------------------------------------
#
# Prefetched relations are read as lists (Prefetch's to_attr), which records reads by name:
# a related manager's .all() would make a queryset for every object, and a stream reads
# hundreds of thousands.


def branches(full=True):
    """Branches with what a location record shows (records.location)."""
    found = Location.objects.select_related("area__parent")
    if not full:
        return found
    return found.prefetch_related(
        Prefetch("hours", to_attr="weekly_hours"),
        Prefetch(
            "exceptions",
            queryset=OpeningException.objects.upcoming(),
            to_attr="upcoming_exceptions",
        ),
    )


def providers_branches(prefix=""):
    """A provider's branches, whole, as `provider.branches`."""
    return Prefetch(f"{prefix}locations", queryset=branches(), to_attr="branches")


def providers_terms(prefix=""):
    """
    What a whole service shows of its provider besides its branches: its languages and
    conditions, as `provider.spoken_languages` and `provider.treated_conditions`.
    """
    return (
        Prefetch(f"{prefix}languages", to_attr="spoken_languages"),
        Prefetch(f"{prefix}conditions", to_attr="treated_conditions"),
    )


def with_whole_records(offers):
    """
    Offers with everything records.service_full shows. Their providers are prefetched, not
    joined, so that each is one object for all its offers and its branches, languages and
    conditions are read and attached once, not once an offer.
    """
    return (
        offers.select_related(None)
        .select_related("service")
        .prefetch_related(
            "provider", providers_branches("provider__"), *providers_terms("provider__")
        )
    )


def with_whole_organizations(providers):
    """Providers with everything records.organization_full shows."""
    return providers.prefetch_related(
        providers_branches(),
        Prefetch("offers", queryset=ProviderService.objects.select_related("service")),
    )


def paged(rows, number, size):
    """
    One page of `rows` (a queryset or a list) and HSDS's Page envelope for it. A page past
    the last is empty, not an error, so that a client paging on stops cleanly.
    """
    total = len(rows) if isinstance(rows, list) else counted(rows)
    start = (number - 1) * size
    contents = list(rows[start : start + size]) if start < total else []
    pages = math.ceil(total / size)
    return contents, {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(contents),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": total == 0,
    }


def counted(rows):
    """
    How many rows the queryset `rows` holds, counted once per cache generation, which every
    committed change to a listing moves (providers/changes.py). Counting every published
    service reads each of them (0.25–0.5 s at 100,000 providers), while the page itself reads
    only its own rows; the count changes only when a listing does.
    """
    try:
        sql = str(rows.order_by().query)
    except EmptyResultSet:  # a filter that nothing can pass, such as an empty list of ids
        return 0
    key = "api-count:" + hashlib.sha256(f"{rows.db}:{sql}".encode()).hexdigest()
    return cache.get_or_set(key, rows.count, COUNT_SECONDS, version=generation())
