from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from api import export, tasks
from api.models import ApiKey
from providers.tasks import queue

REBUILD_EXPORT = "api.rebuild_export"


def _built():
    """When the package served now was built, in words."""
    moment = export.last_built()
    if moment is None:
        return "has not been built yet (it is built when first asked for, and every night)"
    when = formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return f"was last built {when}; it is rebuilt every night"


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "owner_email", "prefix", "limit", "active", "last_used_at"]
    list_filter = ["active"]
    search_fields = ["name", "owner_email", "prefix"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            # Kept on the object only until the page below shows it: never stored.
            obj.raw_key = obj.issue()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        # The key is shown on this page, once, instead of redirecting: it is in no message,
        # session or log.
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "key": obj,
            "raw_key": obj.raw_key,
            "title": "API key issued",
        }
        return TemplateResponse(request, "admin/api/apikey/issued.html", context)

    # -- the data package (/api/hsds/export.zip), rebuilt on demand ----------------------------

    def get_urls(self):
        rebuild = path(
            "rebuild-export/",
            self.admin_site.admin_view(self.rebuild_export_view),
            name="api_rebuild_export",
        )
        return [rebuild, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        context = {
            "can_rebuild_export": request.user.has_perm(REBUILD_EXPORT),
            "export_built": _built(),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    @method_decorator(require_POST)
    def rebuild_export_view(self, request):
        """Queue a build of the data package now, rather than wait for the night's."""
        if not request.user.has_perm(REBUILD_EXPORT):
            raise PermissionDenied
        queue(tasks.build_export)
        self.message_user(
            request,
            "A new data package is queued: /api/hsds/export.zip serves it once built, in a "
            f"few minutes. The one served now {_built()}.",
            messages.SUCCESS,
        )
        return redirect("admin:api_apikey_changelist")
