"""
How many listed providers each term has: the aggregates on the home and landing pages.

At 100,000 providers each aggregate scans hundreds of thousands of link rows (0.2–1.3 s on
PostgreSQL), yet they change only when a listing does. So each is computed once per cache
generation, which every committed change to a listing moves (providers/changes.py), and kept
in the cache: a changed listing is counted on the next request, and no other request pays for it.
"""

from django.core.cache import cache
from django.db.models import Count, Q

from providers.changes import generation
from providers.models import Area, Condition, Service

# Only an upper bound: a new generation makes older entries unreachable at once.
COUNTS_SECONDS = 60 * 60
POPULAR_COUNT = 8


def _memoized(name, compute):
    return cache.get_or_set(
        f"counts:{name}", lambda: list(compute()), COUNTS_SECONDS, version=generation()
    )


def popular_services():
    """The services most listed providers offer, each with `provider_count`."""
    listed = Q(providers__is_published=True)
    return _memoized(
        "popular-services",
        lambda: (
            Service.objects.annotate(provider_count=Count("providers", filter=listed))
            .filter(provider_count__gt=0)
            .order_by("-provider_count", "name")[:POPULAR_COUNT]
        ),
    )


def popular_conditions():
    """The conditions most listed providers treat, each with `provider_count`."""
    listed = Q(providers__is_published=True)
    return _memoized(
        "popular-conditions",
        lambda: (
            Condition.objects.annotate(provider_count=Count("providers", filter=listed))
            .filter(provider_count__gt=0)
            .order_by("-provider_count", "name")[:POPULAR_COUNT]
        ),
    )


def regions_for(relation, term):
    """Every region, with how many listed providers of this term have a branch there."""
    in_region = Q(
        **{
            f"children__locations__provider__{relation}": term,
            "children__locations__provider__is_published": True,
        }
    )
    return _memoized(
        f"regions:{relation}:{term.pk}",
        lambda: (
            Area.objects.regions()
            .annotate(
                provider_count=Count(
                    "children__locations__provider", filter=in_region, distinct=True
                )
            )
            .order_by("name")
        ),
    )


def services_in(area, area_ids):
    """The services listed providers offer in these areas, most offered first."""
    in_area = Q(
        offers__provider__is_published=True, offers__provider__locations__area_id__in=area_ids
    )
    return _memoized(
        f"services-in:{area.pk}",
        lambda: (
            Service.objects.annotate(
                provider_count=Count("offers__provider", filter=in_area, distinct=True)
            )
            .filter(provider_count__gt=0)
            .order_by("-provider_count", "name")
        ),
    )
