"""schema.org JSON-LD for a provider's profile, built from prefetched data."""

import datetime
import json

from django.conf import settings
from django.utils.safestring import mark_safe

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
            "addressCountry": settings.SITE_COUNTRY,
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


def for_provider(provider, request):
    url = request.build_absolute_uri(provider.get_absolute_url())
    branches = list(provider.locations.all())
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
        "availableService": [
            {
                "@type": "MedicalTherapy",
                "name": offer.service.name,
                **(
                    {
                        "offers": {
                            "@type": "Offer",
                            "price": str(offer.price),
                            "priceCurrency": settings.CURRENCY,
                        }
                    }
                    if offer.price is not None
                    else {}
                ),
            }
            for offer in provider.offers.all()
        ],
    }
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
