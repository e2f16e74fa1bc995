from django.conf import settings
from django.db.models import Prefetch
from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.generic import DetailView

from providers import counts, jsonld
from providers.filters import ProviderFilter
from providers.models import (
    Area,
    Condition,
    Credential,
    Location,
    Practitioner,
    Provider,
    ProviderService,
    Service,
)
from providers.pagination import CappedPaginator
from providers.vocabulary import Vocabulary


def home(request):
    vocabulary = Vocabulary.current()
    popular_services = counts.popular_services()
    popular_conditions = counts.popular_conditions()
    return render(
        request,
        "providers/home.html",
        {
            "filter": ProviderFilter(vocabulary=vocabulary),
            "vocabulary": vocabulary,
            "popular_services": popular_services,
            "popular_conditions": popular_conditions,
        },
    )


def paginate(request, queryset, prepare=None):
    """
    A page of results, its rows passed through prepare(rows) when given. A page number that
    is not a number shows the first page, one past the end the last; either way the page says
    so instead of failing.
    """
    paginator = CappedPaginator(queryset, settings.DIRECTORY_PAGE_SIZE)
    requested = request.GET.get("page", "1")
    notice = ""
    try:
        number = int(requested)
    except ValueError:
        number = 1
        notice = "That page number could not be read, so this is the first page."
    if number < 1:
        number = 1
        notice = "Pages start at 1, so this is the first page."
    elif number > 1 and number > paginator.num_pages:
        notice = f"There is no page {number}; this is the last page."
        if paginator.is_capped:
            notice = (
                f"Only the first {paginator.count:,} results are shown in pages; "
                "add a filter to narrow them down. This is the last page."
            )
        number = paginator.num_pages
    page = paginator.page(number)
    rows = page.object_list
    page.object_list = list(prepare(rows) if prepare else rows)
    return page, notice


def card_page(request, providers, service_ids=()):
    """
    A page of providers with what their cards show (ProviderQuerySet.for_cards), added to the
    page's own rows: the count and the page's ids are found without it, and without carrying
    its subqueries through every step that finds them.
    """
    return paginate(
        request, providers, prepare=lambda rows: rows.for_cards(service_ids=service_ids)
    )


def map_settings():
    return {"tile_url": settings.MAP_TILE_URL, "attribution": settings.MAP_ATTRIBUTION}


def directory(request):
    filterset = ProviderFilter(request.GET, queryset=Provider.objects.listed())
    results = filterset.qs
    page, page_notice = card_page(request, results, service_ids=filterset.service_ids)
    filterset.present(page.object_list)
    return render(
        request,
        "providers/provider_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "page_notice": page_notice,
            "chips": filterset.chips(),
            "now": timezone.localtime(),
            "map": map_settings(),
            "map_markers": filterset.map_markers(page.object_list),
        },
    )


class ProviderDetailView(DetailView):
    template_name = "providers/provider_detail.html"
    context_object_name = "provider"

    def get_queryset(self):
        return Provider.objects.listed().prefetch_related(
            Prefetch(
                "locations",
                queryset=Location.objects.select_related("area__parent")
                .with_exceptions()
                .prefetch_related("hours"),
            ),
            Prefetch("offers", queryset=ProviderService.objects.select_related("service")),
            "conditions",
            "languages",
            Prefetch("practitioners", queryset=Practitioner.objects.with_language_names()),
            Prefetch("credentials", queryset=Credential.objects.select_related("practitioner")),
            "photos",
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        provider = self.object
        now = timezone.localtime()
        context.update(
            now=now,
            status=provider.opening_status(now),
            branches=[(branch, branch.week(now.date())) for branch in provider.locations.all()],
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
                for branch in provider.locations.all()
                if branch.latitude is not None and branch.longitude is not None
            ],
        )
        return context


def _landing(request, term, parameter, template, extra=None):
    """A term's page: what it is, and the providers it applies to, through the directory."""
    data = QueryDict(mutable=True)
    data.setlist(parameter, [term.slug])
    filterset = ProviderFilter(data, queryset=Provider.objects.listed())
    results = filterset.qs
    page, _ = card_page(request, results, service_ids=filterset.service_ids)
    filterset.present(page.object_list)
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
    return _landing(
        request,
        area,
        "area",
        "providers/area_detail.html",
        {"services": services, "subareas": subareas},
    )
