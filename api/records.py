"""
Listings as HSDS 3.0 records: the mapping from the directory's models to the standard's
objects, in one place (README, "Open data API", has it as a table).

- a Provider is an organization;
- each of its offers (ProviderService: one treatment, its price and duration) is a service,
  with one cost option;
- a branch (Location) is a location, with an address, its phone and its schedules: one per
  weekly opening interval (OpeningHours) and one per dated exception from today on;
- an offer at a branch is a service_at_location (every offer is given at every branch);
- the treatment, the provider's conditions and its kind are the service's attributes, the
  branch's area the location's; the provider's languages are the service's languages.

Records are plain dicts; values that are empty are left out (HSDS's schemas allow a property
to be missing, not null), and ids are strings already, so that writing a record out (a page,
or every record of a stream) calls no JSON encoder hook for them. Every function reads only
what its queryset prefetched (api.queries), so that a page of records costs a fixed number of
queries.

Only public listing fields are mapped: nothing of staff, enquiries, claims, credentials'
reviewers or notes.
"""

import hashlib
import uuid
from dataclasses import dataclass

from django.utils import timezone

from api import profile
from api import taxonomies as tx
from markets import market
from providers.models import Weekday

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def child_id(parent_uuid, part):
    """
    A stable id for what a row holds but is not a row of its own (a branch's address): the
    name-based UUID (version 5, RFC 9562) of `part` in the row's uuid, as a string, the same as
    str(uuid.uuid5(parent_uuid, part)). Written out, not with uuid.uuid5, because a whole
    service has a dozen or more of them and the uuid module's objects cost more than the hash.
    """
    digest = bytearray(hashlib.sha1(parent_uuid.bytes + part.encode()).digest()[:16])
    digest[6] = digest[6] & 0x0F | 0x50  # version 5
    digest[8] = digest[8] & 0x3F | 0x80  # the RFC's variant
    digits = digest.hex()
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


# A UUID's version and variant bits (RFC 9562).
_VERSION_AND_VARIANT = (0xF << 76) | (0x3 << 62)


def treatment_mask(slug):
    """The bits that turn a branch's uuid into the id of its provider's offer of a treatment."""
    return tx.term_id(tx.SERVICES, slug).int & ~_VERSION_AND_VARIANT


def service_at_location_id(offer, location):
    """
    An offer at a branch (not a row of its own): the branch's uuid XOR the offer's treatment's
    term id, without touching the version and variant bits, so that it is still a version-4
    UUID. A provider offers each treatment once, and treatments are few, so the id can be read
    back (api.queries.service_at_location) without a table of pairs to keep; and like both
    parts it is the same on every copy of the database.
    """
    return uuid.UUID(int=location.uuid.int ^ treatment_mask(offer.service.slug))


class Shared:
    """
    What the records of one answer (a page, or one chunk of a stream) have in common, built
    once for all of them: each branch's location record, which every service of its provider
    repeats, each provider's organization, address on the site, languages and terms, and each
    treatment's term. Make a new one per page or chunk, so that a stream holds only a chunk's
    worth. Records built with it share those parts: they are for writing out, not for changing.
    It also reads the market's postal sectors (for addresses) once, when first needed, unless
    given them.
    """

    def __init__(self, sectors=None):
        self.parts = {}
        self._sectors = sectors

    @property
    def sectors(self):
        if self._sectors is None:
            self._sectors = profile.PostalSectors.current()
        return self._sectors


def _once(shared, key, build):
    """`build()`, or what it built for `key` before in `shared` (None: no sharing)."""
    if shared is None:
        return build()
    if key not in shared.parts:
        shared.parts[key] = build()
    return shared.parts[key]


def _listing_url(provider, absolute_url, shared):
    return _once(shared, ("url", provider.pk), lambda: absolute_url(provider.get_absolute_url()))


def _kept(record):
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def _time(value):
    return f"{value:%H:%M}"


# -- organizations ------------------------------------------------------------------------------


def organization(provider, absolute_url, shared=None):
    """The organization's own fields (what a list shows)."""
    return _kept(
        {
            "id": str(provider.uuid),
            "name": provider.name,
            "description": provider.description,
            "email": provider.email,
            "website": provider.website,
            # Where the listing is, on our site: its persistent address.
            "uri": _listing_url(provider, absolute_url, shared),
        }
    )


def organization_full(provider, absolute_url, shared=None):
    """
    The organization with its phones, branches and services
    (api.queries.with_whole_organizations prefetched them).
    """
    shared = shared or Shared()
    found = organization(provider, absolute_url, shared)
    found["phones"] = _phones(
        provider.phone, child_id(provider.uuid, "phone"), organization_id=provider.uuid
    )
    found["locations"] = [location(branch, provider, shared=shared) for branch in provider.branches]
    found["services"] = [
        service(offer, absolute_url, with_organization=False, shared=shared)
        for offer in provider.offers.all()
    ]
    found["attributes"] = _attributes(provider.uuid, "organization", [_kind_term(provider)])
    # The site's profile (api.profile): where a patient checks its practitioners' registration.
    found["regulators"] = profile.regulators_of(provider.kind)
    return _kept(found)


# -- services -----------------------------------------------------------------------------------


def fees_description(offer):
    if offer.price is None:
        return "Price on request."
    per = f"{offer.duration_minutes}-minute session" if offer.duration_minutes else "session"
    return f"{market.current().currency} {offer.price} per {per}."


def service(offer, absolute_url, with_organization=True, shared=None):
    """The service's own fields and its organization's (what a list shows)."""
    provider = offer.provider
    found = {
        "id": str(offer.uuid),
        "organization_id": str(provider.uuid),
        "name": offer.service.name,
        "description": offer.notes or offer.service.description,
        "url": _listing_url(provider, absolute_url, shared),
        "email": provider.email,
        "status": "active",
        "fees_description": fees_description(offer),
        # HSDS's assured_date: when the clinic or a moderator last confirmed the listing.
        "assured_date": timezone.localdate(provider.confirmed_at).isoformat()
        if provider.confirmed_at
        else None,
        "last_modified": provider.content_modified.isoformat(),
    }
    if with_organization:
        found["organization"] = _once(
            shared,
            ("organization", provider.pk),
            lambda: organization(provider, absolute_url, shared),
        )
    return _kept(found)


def minimal_service(offer):
    return {"id": str(offer.uuid), "last_modified": offer.provider.content_modified.isoformat()}


def service_full(offer, absolute_url, shared=None):
    """The whole record of a service (api.queries.with_whole_records prefetched its parts)."""
    provider = offer.provider
    common = _once(shared, ("services of", provider.pk), lambda: _services_common(provider))
    treatment = offer.service
    found = service(offer, absolute_url, shared=shared)
    found["phones"] = _phones(provider.phone, child_id(offer.uuid, "phone"), service_id=offer.uuid)
    found["service_at_locations"] = [
        service_at_location(offer, branch, shared=shared) for branch in common.branches
    ]
    service_id = found["id"]
    found["languages"] = [
        _kept(
            {
                "id": child_id(offer.uuid, f"language:{language.slug}"),
                "service_id": service_id,
                "name": language.name,
                "code": language.code,
            }
        )
        for language in common.languages
    ]
    found["cost_options"] = [cost_option(offer)]
    treatment_term = _once(
        shared,
        ("treatment", treatment.pk),
        lambda: tx.term(tx.SERVICES, treatment.slug, treatment.name, treatment.description),
    )
    found["attributes"] = _attributes(offer.uuid, "service", [treatment_term, *common.terms])
    return _kept(found)


@dataclass
class _ServicesCommon:
    """What every service of a provider repeats: its branches, languages and terms."""

    branches: list
    languages: list
    # The terms after the service's own treatment: the provider's conditions, then its kind.
    terms: list


def _services_common(provider):
    return _ServicesCommon(
        branches=provider.branches,
        languages=provider.spoken_languages,
        terms=[
            *(
                tx.term(tx.CONDITIONS, condition.slug, condition.name, condition.description)
                for condition in provider.treated_conditions
            ),
            _kind_term(provider),
        ],
    )


def cost_option(offer):
    return _kept(
        {
            "id": child_id(offer.uuid, "cost"),
            "service_id": str(offer.uuid),
            "option": f"One {offer.duration_minutes}-minute session"
            if offer.duration_minutes
            else "One session",
            "currency": market.current().currency if offer.price is not None else None,
            "amount": float(offer.price) if offer.price is not None else None,
            "amount_description": fees_description(offer),
        }
    )


# -- locations ----------------------------------------------------------------------------------


def service_at_location(
    offer, branch, absolute_url=None, full=True, with_service=False, shared=None
):
    found = {
        "id": str(service_at_location_id(offer, branch)),
        "service_id": str(offer.uuid),
        "location_id": str(branch.uuid),
        "location": _shared_location(branch, offer.provider, full, shared),
    }
    if with_service:
        found["service"] = service(offer, absolute_url, shared=shared)
    return found


def _shared_location(branch, provider, full, shared):
    return _once(
        shared, ("location", branch.pk, full), lambda: location(branch, provider, full, shared)
    )


def location(branch, provider, full=True, shared=None):
    """
    A branch; in full, with its address, phone, schedules and area (api.queries.branches
    prefetched them).
    """
    found = {
        "id": str(branch.uuid),
        "location_type": "physical",
        "organization_id": str(provider.uuid),
        "name": branch.name,
        "latitude": branch.latitude,
        "longitude": branch.longitude,
    }
    if not full:
        return _kept(found)
    return _kept(
        {
            **found,
            "addresses": [address(branch, (shared or Shared()).sectors)],
            "phones": _phones(
                branch.phone, child_id(branch.uuid, "phone"), location_id=branch.uuid
            ),
            "schedules": [
                *(weekly_schedule(hours, branch) for hours in branch.weekly_hours),
                *(dated_schedule(exception, branch) for exception in branch.upcoming_exceptions),
            ],
            "attributes": _attributes(branch.uuid, "location", [_area_term(branch.area)]),
        }
    )


def address(branch, sectors):
    """A branch's address, with the profile's postal_sector (api.profile) when one is known."""
    area = branch.area
    region = area.parent or area
    found = {
        "id": child_id(branch.uuid, "address"),
        "location_id": str(branch.uuid),
        "address_1": branch.address,
        "city": area.name,
        "region": region.name,
        "state_province": region.name,
        "postal_code": branch.postal_code,
        "country": market.current().country_code,
        "address_type": "physical",
    }
    if sector := sectors.of(branch.postal_code):
        found["postal_sector"] = sector
    return found


def weekly_schedule(hours, branch):
    if hours.opens == hours.closes:
        note = "Open all day."
    elif hours.overnight:
        note = "Closes after midnight, the next day."
    else:
        note = ""
    return _kept(
        {
            "id": str(hours.uuid),
            "location_id": str(branch.uuid),
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": WEEKDAYS[hours.weekday],
            "opens_at": _time(hours.opens),
            "closes_at": _time(hours.closes),
            # The open data is in English, whichever language the site's pages are in.
            "description": f"{Weekday(hours.weekday).name.capitalize()} {_time(hours.opens)}–"
            f"{_time(hours.closes)}",
            "notes": note,
        }
    )


def dated_schedule(exception, branch):
    """A date whose regular hours do not apply: closed, or special hours, that day only."""
    day = exception.date.isoformat()
    found = {
        "id": str(exception.uuid),
        "location_id": str(branch.uuid),
        "valid_from": day,
        "valid_to": day,
        "dtstart": day,
        "until": day,
        "notes": exception.reason,
    }
    if exception.closed:
        found["description"] = f"Closed on {day}; the regular hours do not apply."
    else:
        found["opens_at"] = _time(exception.opens)
        found["closes_at"] = _time(exception.closes)
        found["description"] = (
            f"Special hours on {day}, {_time(exception.opens)}–{_time(exception.closes)}, "
            "instead of the regular hours."
        )
    return _kept(found)


# -- shared parts -------------------------------------------------------------------------------


def _phones(number, phone_id, **owner):
    if not number:
        return []
    owner = {key: str(value) for key, value in owner.items()}
    return [{"id": phone_id, **owner, "number": number, "type": "voice"}]


def _attributes(link_uuid, link_entity, terms):
    link_id = str(link_uuid)
    return [
        {
            "id": child_id(link_uuid, f"attribute:{term['id']}"),
            "link_id": link_id,
            "link_entity": link_entity,
            "link_type": "taxonomy_term",
            "taxonomy_term_id": term["id"],
            "taxonomy_term": term,
        }
        for term in terms
    ]


def _kind_term(provider):
    return tx.kind_term(provider.kind, tx.kind_names().get(provider.kind, provider.kind))


def _area_term(area):
    parent = area.parent
    return tx.term(tx.AREAS, area.slug, area.name, area.description, parent.slug if parent else "")
