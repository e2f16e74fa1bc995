"""
How many listed providers each term has (the aggregates on the home and landing pages), and how
many results a search found.

At 100,000 providers each aggregate scans hundreds of thousands of link rows (0.2–1.3 s on
PostgreSQL), yet they change only when a listing does. So each is computed once per page-cache
generation, which every save of a listing bumps (backpain_site/pagecache.py), and kept in the
cache: a changed listing is counted on the next request, and no other request pays for it.
A search's count is kept the same way, by its SQL, so that paging through its results, or the
next visitor with the same filters, does not count them again.
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Q

from backpain_site.pagecache import generation
from providers.models import Area, Condition, Service

# Only an upper bound: a new generation makes older entries unreachable at once.
COUNTS_SECONDS = 60 * 60
# Also the longest a search's count can lag a change that bumps no generation: a queryset's
# update(), or a save on another machine when there is no shared cache (no REDIS_URL).
RESULT_COUNT_SECONDS = 60
POPULAR_COUNT = 8


def _memoized(name, compute):
    return cache.get_or_set(
        f"counts:{generation()}:{name}", lambda: list(compute()), COUNTS_SECONDS
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


def result_count(queryset):
    """
    How many rows `queryset` (sliced to the most worth counting) has, kept by its SQL and
    parameters for this generation. Anything that changes the answer is in them: the filters,
    and the moment for "open now" (a count that depends on the time is kept for no one else).
    """
    try:
        sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:
        return 0
    digest = hashlib.sha256(repr((queryset.db, sql, params)).encode()).hexdigest()
    key = f"counts:{generation()}:results:{digest}"
    return cache.get_or_set(key, queryset.count, RESULT_COUNT_SECONDS)
