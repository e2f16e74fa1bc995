from django.conf import settings
from django.db.models import Prefetch
from django.http import JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.generic import DetailView

from providers import counts, directory, indexing, jsonld
from providers.changes import generation
from providers.filters import ProviderFilter
from providers.geo import Point
from providers.models import (
    Area,
    Condition,
    Credential,
    Location,
    Photo,
    Practitioner,
    Provider,
    ProviderService,
    Service,
)
from providers.pagination import CappedPaginator, paginate
from providers.places import Place
from providers.vocabulary import Vocabulary


def home(request):
    vocabulary = Vocabulary.current()
    return render(
        request,
        "providers/home.html",
        {
            "filter": ProviderFilter(vocabulary=vocabulary),
            "vocabulary": vocabulary,
            "popular_services": counts.popular_services(),
            "popular_conditions": counts.popular_conditions(),
            "generation": generation(),
        },
    )


def map_settings():
    return {"tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_ATTRIBUTION}


def directory_page(request, filterset):
    """The page of results the request asks for, of the search the filters describe."""
    results = directory.Results(filterset.search, Provider.objects.listed())
    return paginate(request, results)


def provider_list(request):
    filterset = ProviderFilter(request.GET)
    page, page_notice = directory_page(request, filterset)
    return render(
        request,
        "providers/provider_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "page_notice": page_notice,
            "chips": filterset.chips(),
            "landing": indexing.landing(filterset, page),
            "correction": filterset.correction(),
            "now": timezone.localtime(),
            "map": map_settings(),
            "map_markers": directory.map_markers(page.object_list),
            "generation": generation(),
        },
    )


def result_count(request):
    """
    How many providers a search finds, as JSON, for the filters' "Show 42 results" button,
    which asks again as the visitor ticks and unticks.
    """
    filterset = ProviderFilter(request.GET)
    # The count only: no page of results is read, nor its cards.
    results = directory.Results(filterset.search, Provider.objects.listed())
    paginator = CappedPaginator(results, settings.DIRECTORY_PAGE_SIZE)
    return JsonResponse({"count": paginator.count, "label": paginator.count_label})


class ProviderDetailView(DetailView):
    template_name = "providers/provider_detail.html"
    context_object_name = "provider"

    def get_queryset(self):
        return Provider.objects.listed().prefetch_related(
            Prefetch(
                "locations", queryset=Location.objects.select_related("area__parent").with_hours()
            ),
            Prefetch("offers", queryset=ProviderService.objects.select_related("service")),
            "conditions",
            "languages",
            Prefetch("practitioners", queryset=Practitioner.objects.prefetch_related("languages")),
            Prefetch("credentials", queryset=Credential.objects.select_related("practitioner")),
            Prefetch("photos", queryset=Photo.objects.prepared()),
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provider = self.object
        now = timezone.localtime()
        branches = list(provider.locations.all())
        prices = [offer.price for offer in provider.offers.all() if offer.price is not None]
        context.update(
            now=now,
            status=provider.opening_status(now),
            branches=[(branch, branch.week(now.date())) for branch in branches],
            # The first screen's key facts: what a session costs at least.
            price_from=min(prices, default=None),
            photos=list(provider.photos.all()),
            json_ld=jsonld.for_provider(provider, self.request),
            canonical_url=self.request.build_absolute_uri(provider.get_absolute_url()),
            map=map_settings(),
            map_markers=[
                {
                    "lat": branch.latitude,
                    "lng": branch.longitude,
                    "name": provider.name,
                    "branch": branch.name,
                }
                for branch in branches
                if branch.latitude is not None and branch.longitude is not None
            ],
        )
        return context


# How many of the nearest providers an area page without any of its own shows.
NEAREST_SHOWN = 6


def _landing(request, term, parameter, template, extra=None, nearest_to=None):
    """
    A term's page: what it is, and the providers it applies to, through the directory. With
    `nearest_to` (a Place), a page that has none lists the providers nearest to it instead.
    """
    data = QueryDict(mutable=True)
    data.setlist(parameter, [term.slug])
    page, _ = directory_page(request, ProviderFilter(data))
    if nearest_to is not None and not page.paginator.count:
        radius = directory.NEAREST_RADIUS_KM
        nearest = directory.nearest_cards(nearest_to, Provider.objects.listed(), NEAREST_SHOWN)
        extra = {
            **(extra or {}),
            "nearest": nearest,
            "nearest_url": "/providers/?" + urlencode({"near": term.name, "radius": radius}),
        }
    context = {
        "term": term,
        "parameter": parameter,
        "page_obj": page,
        "directory_url": f"/providers/?{data.urlencode()}",
        "now": timezone.localtime(),
        "canonical_url": request.build_absolute_uri(term.get_absolute_url()),
    }
    context.update(extra or {})
    return render(request, template, context)


def service_detail(request, slug):
    service = get_object_or_404(Service, slug=slug)
    return _landing(
        request,
        service,
        "service",
        "providers/service_detail.html",
        {"regions": counts.regions_for("services", service)},
    )


def condition_detail(request, slug):
    condition = get_object_or_404(Condition, slug=slug)
    return _landing(
        request,
        condition,
        "condition",
        "providers/condition_detail.html",
        {"regions": counts.regions_for("conditions", condition)},
    )


def area_detail(request, slug):
    area = get_object_or_404(Area.objects.select_related("parent"), slug=slug)
    subareas = list(area.children.order_by("name"))
    area_ids = [area.pk, *(subarea.pk for subarea in subareas)]
    services = counts.services_in(area, area_ids)
    located = area.latitude is not None and area.longitude is not None
    return _landing(
        request,
        area,
        "area",
        "providers/area_detail.html",
        {"services": services, "subareas": subareas},
        nearest_to=Place(Point(area.latitude, area.longitude), area.name) if located else None,
    )
