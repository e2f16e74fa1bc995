"""
The HSDS 3.0 read API under /api/hsds/ (the endpoints of HSDS's api_reference.md), built with
django-ninja: each endpoint's parameters and answer are typed (api.schemas), and ninja writes
the OpenAPI 3.1 document from them (/api/hsds/openapi.json) and serves Swagger UI from this
site's own static files (/api/hsds/docs; no CDN, since `ninja` is in INSTALLED_APPS).

Thin views: api.queries reads, api.records maps. Only published listings, only public fields.
"""

from itertools import islice
from typing import Literal
from uuid import UUID

import orjson
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema
from ninja.errors import ValidationError

from api import documents, export, queries, records, schemas
from api import taxonomies as tx
from api.queries import BadParameter
from providers.models import Provider, ProviderService

HSDS_VERSION = "3.0"

# Rows a streamed answer (format=ndjson) reads at a time: each chunk costs one fetch and one
# query per prefetched part, whatever the number of records, and only one chunk is in memory.
STREAM_CHUNK = 500
# Lines written to the client at a time: fewer, larger writes than one a record.
STREAM_LINES = 100

hsds = NinjaAPI(
    title=f"{settings.SITE_NAME}: open data (HSDS 3.0)",
    version="1.0",
    description="The directory's published listings in Open Referral's Human Services Data "
    "Specification 3.0. Read-only; filters combine as AND. No key is needed; one issued by "
    "the site (Authorization: Bearer, or X-API-Key) raises the rate limit.",
    urls_namespace="hsds",
    openapi_url="/openapi.json",
    docs_url="/docs",
)


def _error(request, status, error, message, parameter=None):
    body = {"error": error, "message": message}
    if parameter:
        body["parameter"] = parameter
    return hsds.create_response(request, body, status=status)


@hsds.exception_handler(ValidationError)
def invalid_parameter(request, exc):
    # Ninja answers 422 with pydantic's list; HSDS clients expect 400 naming the parameter.
    first = exc.errors[0]
    location = [str(part) for part in first.get("loc", ())]
    parameter = location[-1] if location else None
    return _error(request, 400, "bad_parameter", first.get("msg", "Invalid value."), parameter)


@hsds.exception_handler(BadParameter)
def bad_parameter(request, exc):
    return _error(request, 400, "bad_parameter", str(exc), exc.parameter)


@hsds.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, "not_found", "Nothing published has this id.")


def _absolute(request):
    return request.build_absolute_uri


def _written(request, page):
    """
    A list's page as its answer, as built. api.records builds every record to its schema,
    without nulls and with ids as strings, so ninja's check of the answer against the page's
    schema (api.schemas, which still documents it) would only copy a page of records again.
    """
    return hsds.create_response(request, page, status=200)


def _page(request, rows, params, record):
    """A page of `rows` as `record(row, shared)`: the page's records share one records.Shared."""
    contents, envelope = queries.paged(rows, params.page, params.per_page)
    shared = records.Shared()
    return _written(request, {**envelope, "contents": [record(row, shared) for row in contents]})


def _batched(items, size):
    items = iter(items)
    while batch := list(islice(items, size)):
        yield batch


def _ndjson(records):
    """
    Records as newline-delimited JSON, streamed: the answer to format=ndjson, every matching
    record without pagination. `records` is an iterator, so nothing is held but what is being
    written. Written by orjson, for speed (a stream writes every record in full), with
    Django's JSON encoder for any value orjson does not know.
    """
    default = DjangoJSONEncoder().default
    lines = (
        b"".join(
            orjson.dumps(record, default=default, option=orjson.OPT_APPEND_NEWLINE)
            for record in batch
        )
        for batch in _batched(records, STREAM_LINES)
    )
    return StreamingHttpResponse(lines, content_type="application/x-ndjson")


def _streamed(rows, record):
    """
    Every row of the queryset `rows` as `record(row, shared)`, read chunk by chunk; a chunk's
    records share a records.Shared, dropped with the chunk.
    """

    def built():
        for chunk in _batched(rows.iterator(chunk_size=STREAM_CHUNK), STREAM_CHUNK):
            shared = records.Shared()
            for row in chunk:
                yield record(row, shared)

    return _ndjson(built())


# What a list answers with format=ndjson, for the OpenAPI document: the same items, whole, one
# JSON object a line, without the page around them.
STREAMED = {
    "responses": {
        200: {
            "content": {
                "application/x-ndjson": {
                    "schema": {
                        "type": "string",
                        "description": "One item of the list a line (format=ndjson).",
                    }
                }
            }
        }
    }
}


@hsds.get("/", response=schemas.About, summary="This API and the HSDS profile it follows")
def about(request):
    return {
        "version": HSDS_VERSION,
        "profile": request.build_absolute_uri(reverse("hsds:profile")),
        "openapi_url": request.build_absolute_uri(reverse("hsds:openapi-json")),
    }


@hsds.get(
    "/services",
    response={200: schemas.ServicePage, 400: schemas.Error},
    exclude_none=True,
    openapi_extra=STREAMED,
    summary="Services: one per treatment a provider offers",
)
def service_list(request, params: Query[schemas.Filters]):
    offers = queries.offers(params)
    if params.minimal:
        minimal = (
            offers.select_related(None)
            .select_related("provider")
            .only("uuid", "provider__content_modified")
        )
        if params.format == "ndjson":
            return _streamed(minimal, lambda offer, shared: records.minimal_service(offer))
        return _page(request, minimal, params, lambda offer, shared: records.minimal_service(offer))
    if params.format == "ndjson":
        url = _absolute(request)
        return _streamed(
            queries.with_whole_records(offers),
            lambda offer, shared: records.service_full(offer, url, shared),
        )
    if params.full:
        url = _absolute(request)
        return _page(
            request,
            queries.with_whole_records(offers),
            params,
            lambda offer, shared: records.service_full(offer, url, shared),
        )
    url = _absolute(request)
    return _page(
        request, offers, params, lambda offer, shared: records.service(offer, url, shared=shared)
    )


@hsds.get(
    "/services/{id}",
    response={200: schemas.Service, 400: schemas.Error, 404: schemas.Error},
    exclude_none=True,
    summary="A whole service record",
)
def service_detail(request, id: UUID):
    offers = ProviderService.objects.filter(provider__in=Provider.objects.listed())
    offer = get_object_or_404(
        queries.with_whole_records(offers.select_related("provider", "service")), uuid=id
    )
    return records.service_full(offer, _absolute(request))


@hsds.get(
    "/organizations",
    response={200: schemas.OrganizationPage, 400: schemas.Error},
    exclude_none=True,
    openapi_extra=STREAMED,
    summary="Organizations: the providers",
)
def organization_list(request, params: Query[schemas.Filters]):
    providers = queries.providers(params)
    url = _absolute(request)
    if params.format == "ndjson":
        return _streamed(
            queries.with_whole_organizations(providers),
            lambda provider, shared: records.organization_full(provider, url, shared),
        )
    if params.full:
        return _page(
            request,
            queries.with_whole_organizations(providers),
            params,
            lambda provider, shared: records.organization_full(provider, url, shared),
        )
    return _page(
        request,
        providers,
        params,
        lambda provider, shared: records.organization(provider, url, shared),
    )


@hsds.get(
    "/organizations/{id}",
    response={200: schemas.Organization, 400: schemas.Error, 404: schemas.Error},
    exclude_none=True,
    summary="A whole organization record",
)
def organization_detail(request, id: UUID):
    provider = get_object_or_404(
        queries.with_whole_organizations(Provider.objects.listed()), uuid=id
    )
    return records.organization_full(provider, _absolute(request))


@hsds.get(
    "/service_at_locations",
    response={200: schemas.ServiceAtLocationPage, 400: schemas.Error},
    exclude_none=True,
    openapi_extra=STREAMED,
    summary="Each service at each branch of its provider",
)
def service_at_location_list(request, params: Query[schemas.Filters]):
    url = _absolute(request)
    pairs = queries.offers_at_branches(params)
    if params.format == "ndjson":
        chunks = _batched(pairs.iterator(chunk_size=STREAM_CHUNK), STREAM_CHUNK)
        return _ndjson(
            record for chunk in chunks for record in _services_at_locations(chunk, url, full=True)
        )
    pairs, envelope = queries.paged(pairs, params.page, params.per_page)
    return _written(
        request, {**envelope, "contents": _services_at_locations(pairs, url, params.full)}
    )


@hsds.get(
    "/service_at_locations/{id}",
    response={200: schemas.ServiceAtLocation, 400: schemas.Error, 404: schemas.Error},
    exclude_none=True,
    summary="A service at one branch, whole",
)
def service_at_location_detail(request, id: UUID):
    found = queries.service_at_location(id)
    if found is None:
        raise Http404
    offer, branch = found
    return records.service_at_location(
        offer, branch, _absolute(request), full=True, with_service=True
    )


def _services_at_locations(pairs, url, full):
    """The records of (offer id, branch id) pairs, reading each offer and branch once."""
    offers = ProviderService.objects.select_related("provider", "service").in_bulk(
        {offer_pk for offer_pk, _ in pairs}
    )
    branches = queries.branches(full).in_bulk({location_pk for _, location_pk in pairs})
    shared = records.Shared()
    return [
        records.service_at_location(
            offers[offer_pk],
            branches[location_pk],
            url,
            full=full,
            with_service=True,
            shared=shared,
        )
        for offer_pk, location_pk in pairs
    ]


class TermFilters(Schema):
    search: str | None = None
    page: int = schemas.Field(1, ge=1)
    per_page: int = schemas.Field(20, ge=1, le=schemas.MAX_PER_PAGE)
    taxonomy_id: UUID | None = None
    top_only: bool = schemas.Field(False, description="Only terms without a parent.")
    parent_id: UUID | None = schemas.Field(None, description="Only the children of this term.")
    format: Literal["json", "ndjson"] = schemas.Field(
        "json", description="ndjson: every matching item, one a line, without pagination."
    )


def _listed(request, items, params):
    if params.format == "ndjson":
        return _ndjson(iter(items))
    return _page(request, items, params, lambda item, shared: item)


def _matches(item, text):
    return not text or text.casefold() in item["name"].casefold()


@hsds.get(
    "/taxonomies",
    response={200: schemas.TaxonomyPage, 400: schemas.Error},
    openapi_extra=STREAMED,
    summary="The directory's vocabularies",
)
def taxonomy_list(request, params: Query[TermFilters]):
    found = [t.as_hsds() for t in tx.TAXONOMIES.values() if _matches(t.as_hsds(), params.search)]
    return _listed(request, found, params)


@hsds.get(
    "/taxonomy_terms",
    response={200: schemas.TaxonomyTermPage, 400: schemas.Error},
    exclude_none=True,
    openapi_extra=STREAMED,
    summary="The terms of every vocabulary",
)
def taxonomy_term_list(request, params: Query[TermFilters]):
    terms = list(export.every_term())
    if params.taxonomy_id:
        if tx.taxonomy_by_id(params.taxonomy_id) is None:
            raise BadParameter("taxonomy_id", "No taxonomy has this id: see /taxonomies.")
        terms = [t for t in terms if t["taxonomy_id"] == str(params.taxonomy_id)]
    if params.top_only:
        terms = [t for t in terms if "parent_id" not in t]
    if params.parent_id:
        terms = [t for t in terms if t.get("parent_id") == str(params.parent_id)]
    terms = [t for t in terms if _matches(t, params.search)]
    return _listed(request, terms, params)


# The profile and the data package (api.documents).
hsds.add_router("", documents.router)
