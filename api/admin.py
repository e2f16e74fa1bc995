from django.contrib import admin
from django.template.response import TemplateResponse

from api.models import ApiKey


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
