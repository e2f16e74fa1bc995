"""
The API's documents beside its records: the site's HSDS profile (/profile, its merge patches
at /profile/<file>, the merged schemas at /schema/<file>) and the data package
(/export.zip). A router of the HSDS API (api.views), so that they share its errors.
"""

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.urls import reverse
from django.utils.http import http_date
from ninja import Router

from api import export, profile, schemas, tasks
from providers.tasks import queue

router = Router(tags=["profile and data package"])

# How long a client asked to wait is told to wait while the package is first built.
BUILD_RETRY_AFTER = 120
BUILD_QUEUED_KEY = "hsds-export-queued"


def _under_api(request):
    # The API's root: where its OpenAPI document is, less the document's name.
    root = request.build_absolute_uri(reverse("hsds:openapi-json")).removesuffix("openapi.json")
    return lambda path: root + path


@router.get("/profile", url_name="profile", summary="The HSDS profile this API follows")
def profile_document(request):
    return profile.document(_under_api(request))


@router.get(
    "/profile/{name}",
    response={200: dict, 404: schemas.Error},
    summary="One of the profile's changes to HSDS: a JSON Merge Patch of the file named",
)
def profile_patch(request, name: str):
    found = profile.patches().get(name)
    if found is None:
        raise Http404
    return found


@router.get(
    "/schema/{name}",
    response={200: dict, 404: schemas.Error},
    summary="An HSDS schema with the profile's changes merged in",
)
def profile_schema(request, name: str):
    found = profile.schemas().get(name.removesuffix(".json")) if name.endswith(".json") else None
    if found is None:
        raise Http404
    return found


@router.get(
    "/export.zip",
    response={503: schemas.Error},
    summary="The data package: every published listing as HSDS CSV files",
    description="HSDS 3.0's tabular files and datapackage.json (a Frictionless Data "
    "Package), rebuilt every night. Before the first build: 503 with Retry-After.",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The latest data package.",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def export_zip(request):
    name = export.latest()
    if name is None:
        # Built by the task queue, not in this request: at scale a build takes minutes, longer
        # than a request may, and one build serves every client waiting. (In development the
        # queue runs at once, so the first request gets the file.)
        if cache.add(BUILD_QUEUED_KEY, True, timeout=BUILD_RETRY_AFTER * 5):
            queue(tasks.build_export)
        name = export.latest()
    if name is None:
        response = JsonResponse(
            {"error": "building", "message": "The data package is being built: try again soon."},
            status=503,
        )
        response["Retry-After"] = str(BUILD_RETRY_AFTER)
        return response
    response = FileResponse(
        default_storage.open(name, "rb"),
        as_attachment=True,
        filename=export.DOWNLOAD_NAME,
        content_type="application/zip",
    )
    response["Last-Modified"] = http_date(default_storage.get_modified_time(name).timestamp())
    return response
