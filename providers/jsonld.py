"""schema.org JSON-LD for a provider's profile, built from prefetched data."""

import datetime
import json

from django.utils.safestring import mark_safe

from markets import market

# Inside <script>, "</script>" or "<!--" in a value would end or bend the element; JSON's
# \u escapes mean the same characters to a JSON parser.
SCRIPT_SAFE = str.maketrans({"<": "\\u003C", ">": "\\u003E", "&": "\\u0026"})

SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def dumps(data):
    """JSON safe to place inside a <script> element: <, > and & are escaped."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(SCRIPT_SAFE))


def _closes(hours):
    # Our 00:00–00:00 means open all day; to schema.org consumers (Google) it means closed
    # all day. They read a whole day as 00:00–23:59.
    if hours.opens == hours.closes == datetime.time(0, 0):
        return "23:59"
    return hours.closes.strftime("%H:%M")


def _place(branch, request):
    place = {
        "@type": "Place",
        "name": branch.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": branch.address,
            "postalCode": branch.postal_code,
            "addressLocality": branch.area.name,
            "addressRegion": branch.area.parent.name if branch.area.parent else "",
            "addressCountry": market.current().country_code,
        },
        "openingHoursSpecification": [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[hours.weekday]}",
                "opens": hours.opens.strftime("%H:%M"),
                "closes": _closes(hours),
            }
            for hours in branch.hours.all()
        ],
    }
    if branch.phone:
        place["telephone"] = branch.phone
    if branch.latitude is not None and branch.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": branch.latitude,
            "longitude": branch.longitude,
        }
    return place


def _amount(price):
    """95.00 as "95", 95.50 as "95.5"."""
    return format(price.normalize(), "f")


def _price_range(prices):
    """ "SGD 60–150" from the listing's prices; one price alone, "SGD 60"."""
    if not prices:
        return ""
    low, high = min(prices), max(prices)
    amounts = _amount(low) if low == high else f"{_amount(low)}–{_amount(high)}"
    return f"{market.current().currency} {amounts}"


def _offer(offer):
    data = {"@type": "Offer", "itemOffered": {"@type": "Service", "name": offer.service.name}}
    if offer.price is not None:
        data.update(price=str(offer.price), priceCurrency=market.current().currency)
    return data


def breadcrumb_list(trail, request):
    """A BreadcrumbList of (label, address) steps, this page's own address last."""
    return dumps(
        {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": label,
                    "item": request.build_absolute_uri(url),
                }
                for position, (label, url) in enumerate(trail, start=1)
            ],
        }
    )


def for_provider(provider, request):
    url = request.build_absolute_uri(provider.get_absolute_url())
    branches = list(provider.locations.all())
    offers = list(provider.offers.all())
    data = {
        "@context": "https://schema.org",
        "@type": provider.schema_org_type,
        "@id": url,
        "url": url,
        "name": provider.name,
        "description": provider.description,
        "isAccessibleForFree": False,
        "knowsLanguage": [
            {"@type": "Language", "name": language.name, "alternateName": language.code}
            for language in provider.languages.all()
        ],
        # Every MedicalBusiness is an Organization, which makes offers; `availableService`
        # exists only on some subtypes, and a MedicalTherapy has no `offers`.
        "makesOffer": [_offer(offer) for offer in offers],
    }
    price_range = _price_range([offer.price for offer in offers if offer.price is not None])
    if price_range:
        data["priceRange"] = price_range
    if provider.website:
        data["sameAs"] = provider.website
    if provider.phone:
        data["telephone"] = provider.phone
    if branches:
        # The first branch is the provider's own address; every branch is also a location.
        first = _place(branches[0], request)
        data["address"] = first["address"]
        if "geo" in first:
            data["geo"] = first["geo"]
        data["openingHoursSpecification"] = first["openingHoursSpecification"]
        data["location"] = [_place(branch, request) for branch in branches]
    return dumps(data)
