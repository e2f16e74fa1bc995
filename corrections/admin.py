from django.contrib import admin
from django.db import transaction
from django.template.defaultfilters import pluralize

from corrections.models import Report, ReportStatus


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """The moderators' queue: open reports first, closed with an outcome the reporter hears."""

    list_display = ["provider", "problem", "status", "created_at", "closed_at"]
    list_filter = ["status", "problem", "created_at"]
    search_fields = ["provider__name", "details"]
    list_select_related = ["provider"]
    autocomplete_fields = ["provider"]
    readonly_fields = ["provider", "problem", "details", "created_at", "closed_at", "closed_by"]
    fields = [
        "provider",
        "problem",
        "details",
        "created_at",
        "status",
        "note",
        "closed_at",
        "closed_by",
    ]
    actions = ["mark_fixed", "mark_rejected"]

    def has_add_permission(self, request):
        return False  # reports come from the profile's form

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data and obj.status != ReportStatus.OPEN:
            obj.close(obj.status, request.user, obj.note)
        else:
            super().save_model(request, obj, form, change)

    def close_selected(self, request, queryset, status):
        with transaction.atomic():
            reports = list(queryset.filter(status=ReportStatus.OPEN))
            for report in reports:
                report.close(status, request.user)
        self.message_user(request, f"{len(reports)} report{pluralize(len(reports))} closed.")

    @admin.action(description="Mark the selected reports fixed", permissions=["change"])
    def mark_fixed(self, request, queryset):
        self.close_selected(request, queryset, ReportStatus.FIXED)

    @admin.action(
        description="Reject the selected reports: the listing was right", permissions=["change"]
    )
    def mark_rejected(self, request, queryset):
        self.close_selected(request, queryset, ReportStatus.REJECTED)
