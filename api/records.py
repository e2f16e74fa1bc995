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

import uuid

from django.utils import timezone

from api import profile
from api import taxonomies as tx
from markets import market

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def child_id(parent_uuid, part):
    """A stable id for what a row holds but is not a row of its own (a branch's address)."""
    return uuid.uuid5(parent_uuid, part)


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
    repeats, and each listing's address on the site. Make a new one per page or chunk, so that
    a stream holds only a chunk's worth. Records built with it share those parts: they are for
    writing out, not for changing. It also reads the market's postal sectors (for addresses)
    once, when first needed, unless given them.
    """

    def __init__(self, sectors=None):
        self.locations = {}
        self.urls = {}
        self._sectors = sectors

    @property
    def sectors(self):
        if self._sectors is None:
            self._sectors = profile.PostalSectors.current()
        return self._sectors


def _listing_url(provider, absolute_url, shared):
    if shared is None:
        return absolute_url(provider.get_absolute_url())
    if provider.pk not in shared.urls:
        shared.urls[provider.pk] = absolute_url(provider.get_absolute_url())
    return shared.urls[provider.pk]


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
    """The organization with its phones, branches and services (api.queries.full_providers)."""
    shared = shared or Shared()
    found = organization(provider, absolute_url)
    found["phones"] = _phones(
        provider.phone, child_id(provider.uuid, "phone"), organization_id=provider.uuid
    )
    found["locations"] = [
        location(branch, provider, shared=shared) for branch in provider.locations.all()
    ]
    found["services"] = [
        service(offer, absolute_url, with_organization=False) for offer in provider.offers.all()
    ]
    found["attributes"] = [_attribute(provider.uuid, "organization", _kind_term(provider))]
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
        found["organization"] = organization(provider, absolute_url, shared)
    return _kept(found)


def minimal_service(offer):
    return {"id": str(offer.uuid), "last_modified": offer.provider.content_modified.isoformat()}


def service_full(offer, absolute_url, shared=None):
    """The whole record of a service (api.queries.full_offers prefetched its parts)."""
    provider = offer.provider
    found = service(offer, absolute_url, shared=shared)
    found["phones"] = _phones(provider.phone, child_id(offer.uuid, "phone"), service_id=offer.uuid)
    found["service_at_locations"] = [
        service_at_location(offer, branch, shared=shared) for branch in provider.locations.all()
    ]
    found["languages"] = [
        _kept(
            {
                "id": str(child_id(offer.uuid, f"language:{language.slug}")),
                "service_id": str(offer.uuid),
                "name": language.name,
                "code": language.code,
            }
        )
        for language in provider.languages.all()
    ]
    found["cost_options"] = [cost_option(offer)]
    found["attributes"] = [
        _attribute(
            offer.uuid,
            "service",
            tx.term(tx.SERVICES, offer.service.slug, offer.service.name, offer.service.description),
        ),
        *(
            _attribute(
                offer.uuid,
                "service",
                tx.term(tx.CONDITIONS, condition.slug, condition.name, condition.description),
            )
            for condition in provider.conditions.all()
        ),
        _attribute(offer.uuid, "service", _kind_term(provider)),
    ]
    return _kept(found)


def cost_option(offer):
    return _kept(
        {
            "id": str(child_id(offer.uuid, "cost")),
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
    if shared is None:
        return location(branch, provider, full)
    key = (branch.pk, full)
    if key not in shared.locations:
        shared.locations[key] = location(branch, provider, full, shared)
    return shared.locations[key]


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
                *(weekly_schedule(hours, branch) for hours in branch.hours.all()),
                *(dated_schedule(exception, branch) for exception in branch.upcoming_exceptions),
            ],
            "attributes": [_attribute(branch.uuid, "location", _area_term(branch.area))],
        }
    )


def address(branch, sectors):
    """A branch's address, with the profile's postal_sector (api.profile) when one is known."""
    area = branch.area
    region = area.parent or area
    found = {
        "id": str(child_id(branch.uuid, "address")),
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
            "description": f"{hours.get_weekday_display()} {_time(hours.opens)}–"
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
    return [{"id": str(phone_id), **owner, "number": number, "type": "voice"}]


def _attribute(link_id, link_entity, term):
    return {
        "id": str(uuid.uuid5(link_id, f"attribute:{term['id']}")),
        "link_id": str(link_id),
        "link_entity": link_entity,
        "link_type": "taxonomy_term",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def _kind_term(provider):
    return tx.kind_term(provider.kind, provider.get_kind_display())


def _area_term(area):
    parent = area.parent
    return tx.term(tx.AREAS, area.slug, area.name, area.description, parent.slug if parent else "")
