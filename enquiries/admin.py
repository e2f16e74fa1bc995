"""
Moderators' view of enquiries: by listing and status, the ones left unanswered across listings,
spam marking, and how many each listing receives. The enquiries' contents are read-only here:
they are the patient's words, answered by the clinic.
"""

from django.contrib import admin, messages
from django.db.models import Count, Q

from enquiries.models import Enquiry, EnquiryStatus, ListingEnquiries


class UnansweredFilter(admin.SimpleListFilter):
    title = "answer"
    parameter_name = "unanswered"

    def lookups(self, request, model_admin):
        return [("2", "Unanswered for over 2 working days")]

    def queryset(self, request, queryset):
        if self.value() == "2":
            return queryset.unanswered(working_days=2)
        return queryset


@admin.register(Enquiry)
class EnquiryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "provider", "kind", "status", "created_at", "first_reply_at"]
    list_filter = ["status", "kind", UnansweredFilter]
    search_fields = ["provider__name", "provider__slug"]
    date_hierarchy = "created_at"
    list_select_related = ["provider"]
    actions = ["mark_spam"]
    fields = [
        "provider",
        "kind",
        "status",
        "created_at",
        "first_reply_at",
        "notified_at",
        "erased_at",
        "name",
        "phone",
        "email",
        "best_times",
        "location",
        "service",
        "message",
        "consent",
        "consented_at",
    ]
    readonly_fields = [f for f in fields if f != "status"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Mark as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        marked = 0
        for enquiry in queryset.with_personal_data().exclude(status=EnquiryStatus.SPAM):
            enquiry.set_status(EnquiryStatus.SPAM)
            marked += 1
        self.message_user(request, f"Marked {marked} as spam.", messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        # Through set_status, so that the time of the change (retention counts from it) is kept.
        status, obj.status = obj.status, form.initial["status"]
        obj.set_status(status)


@admin.register(ListingEnquiries)
class ListingEnquiriesAdmin(admin.ModelAdmin):
    """How many enquiries each listing received, and how many wait: read only."""

    list_display = ["name", "received", "new", "unanswered", "spam"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request):
        unanswered = Enquiry.objects.unanswered(working_days=2)
        return (
            super()
            .get_queryset(request)
            .annotate(
                received=Count("enquiries"),
                new=Count("enquiries", filter=Q(enquiries__status=EnquiryStatus.NEW)),
                unanswered=Count("enquiries", filter=Q(enquiries__in=unanswered)),
                spam=Count("enquiries", filter=Q(enquiries__status=EnquiryStatus.SPAM)),
            )
            .filter(received__gt=0)
            .order_by("-received", "name")
        )

    @admin.display(ordering="received")
    def received(self, listing):
        return listing.received

    @admin.display(ordering="new")
    def new(self, listing):
        return listing.new

    @admin.display(ordering="unanswered", description="Unanswered over 2 working days")
    def unanswered(self, listing):
        return listing.unanswered

    @admin.display(ordering="spam")
    def spam(self, listing):
        return listing.spam

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
