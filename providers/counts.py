"""
How many listed providers each term has: the aggregates on the home and landing pages.

At 100,000 providers each aggregate scans hundreds of thousands of link rows (0.2–1.3 s on
PostgreSQL), yet they change only when a listing does. So each is computed once per cache
generation, which every committed change to a listing moves (providers/changes.py), and kept
in the cache: a changed listing is counted on the next request, and no other request pays for it.
"""

from collections import defaultdict

from django.core.cache import cache
from django.db.models import CharField, Count, F, Q, Value
from django.db.models.functions import Cast

from providers.changes import generation
from providers.models import Area, Condition, Practitioner, Provider, ProviderService, Service

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


# The tick-box filters options() counts for.
OPTION_FILTERS = ("kind", "service", "condition", "language", "gender")


def options(provider_ids=None):
    """
    How many providers each option of the directory's tick-box filters would find:
    {filter name: {value: count}}, for kind, service, condition, language and gender (services,
    conditions and languages by id). Among these providers, or among every listed provider when
    None (kept per generation, like the other aggregates). One query: a grouped count per
    filter, joined with UNION ALL.
    """
    if provider_ids is None:
        counted = _memoized(
            "options", lambda: _count_options(Provider.objects.listed().values("pk"))
        )
    else:
        counted = _count_options(list(provider_ids))
    return dict(counted)


def _count_options(providers):
    def grouped(queryset, name, value, count=None):
        return (
            queryset.values(value=Cast(F(value), CharField()))
            .annotate(filter_name=Value(name, output_field=CharField()), n=count or Count("pk"))
            .values_list("filter_name", "value", "n")
            .order_by()
        )

    conditions = Provider.conditions.through.objects.filter(provider__in=providers)
    languages = Provider.languages.through.objects.filter(provider__in=providers)
    parts = [
        grouped(Provider.objects.filter(pk__in=providers), "kind", "kind"),
        grouped(ProviderService.objects.filter(provider__in=providers), "service", "service_id"),
        grouped(conditions, "condition", "condition_id"),
        grouped(languages, "language", "language_id"),
        # A provider counts once per gender however many practitioners it has of it.
        grouped(
            Practitioner.objects.filter(provider__in=providers).exclude(gender=""),
            "gender",
            "gender",
            count=Count("provider", distinct=True),
        ),
    ]
    found = defaultdict(dict)
    for name, value, n in parts[0].union(*parts[1:], all=True):
        found[name][value] = n
    return [(name, values) for name, values in found.items()]
