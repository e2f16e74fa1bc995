from django.contrib import admin, messages
from django.db import models, transaction
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from providers import duplicates
from providers.models import (
    CONFIRMATION_STALE,
    Area,
    Condition,
    ConfirmedAs,
    Credential,
    DuplicateStatus,
    Language,
    Location,
    OpeningException,
    OpeningHours,
    Photo,
    Place,
    PossibleDuplicate,
    PostalSector,
    Practitioner,
    Provider,
    ProviderService,
    SearchSynonym,
    Service,
)

VERIFICATION_FIELDS = ("is_verified", "verified_by", "verified_at")


class CredentialVerification:
    """
    Only moderators (the verify_credential permission) may mark a credential verified;
    everyone else sees the verification as read-only.
    """

    @staticmethod
    def may_verify(request):
        return request.user.has_perm("providers.verify_credential")

    def get_readonly_fields(self, request, obj=None):
        fields = tuple(super().get_readonly_fields(request, obj))
        if self.may_verify(request):
            return fields + ("verified_by", "verified_at")
        return fields + VERIFICATION_FIELDS

    @staticmethod
    def record_verification(request, credential, was_verified):
        """
        Who verified it and when. A moderator who changes what was checked and leaves it ticked
        has checked it anew; anyone else's change unchecks it (Credential.save).
        """
        if not CredentialVerification.may_verify(request):
            return
        if credential.is_verified and (not was_verified or credential.check_no_longer_holds()):
            credential.mark_verified(request.user)
        elif not credential.is_verified and was_verified:
            credential.clear_verification()


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "latitude", "longitude"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]


@admin.register(Service, Condition)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Language)
class LanguageAdmin(TermAdmin):
    list_display = ["name", "code", "slug"]


class LocationInline(admin.StackedInline):
    model = Location
    extra = 0
    show_change_link = True
    autocomplete_fields = ["area"]
    fields = [("name", "phone"), "address", ("postal_code", "area"), ("latitude", "longitude")]


class ProviderServiceInline(admin.TabularInline):
    model = ProviderService
    extra = 0
    autocomplete_fields = ["service"]


class PractitionerInline(admin.StackedInline):
    model = Practitioner
    extra = 0
    show_change_link = True
    filter_horizontal = ["languages"]


class CredentialInline(CredentialVerification, admin.TabularInline):
    model = Credential
    extra = 0
    fields = [
        "kind",
        "issuing_body",
        "number",
        "valid_until",
        "practitioner",
        *VERIFICATION_FIELDS,
    ]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if "practitioner" in formset.form.base_fields:
            field = formset.form.base_fields["practitioner"]
            field.queryset = field.queryset.filter(provider=obj) if obj else field.queryset.none()
        return formset


class PhotoInline(admin.TabularInline):
    model = Photo
    extra = 0
    fields = ["image", "alt_text", "order"]


class ConfirmationFilter(admin.SimpleListFilter):
    """Listings nobody has confirmed for a year: the moderators' to check or chase."""

    title = "details confirmed"
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("stale", "Not for over a year"), ("recent", "Within the year")]

    def queryset(self, request, queryset):
        stale = Provider.objects.unconfirmed_for(CONFIRMATION_STALE).values("pk")
        if self.value() == "stale":
            return queryset.filter(pk__in=stale)
        if self.value() == "recent":
            return queryset.exclude(pk__in=stale)
        return queryset


@admin.register(PossibleDuplicate)
class PossibleDuplicateAdmin(admin.ModelAdmin):
    """Pairs of listings that may be one practice: merge the newer into the other, or dismiss."""

    list_display = ["listing", "existing", "reason", "found_when", "status", "created_at"]
    list_filter = ["status", "found_when"]
    search_fields = ["listing__name", "existing__name"]
    list_select_related = ["listing", "existing"]
    fields = ["summary_of_listing", "summary_of_existing", "reason", "found_when", "status"]
    readonly_fields = fields
    actions = ["merge_selected", "dismiss_selected"]
    change_form_template = "admin/providers/possibleduplicate/change_form.html"

    def has_add_permission(self, request):
        return False

    @staticmethod
    def summary(provider):
        branches = [
            (branch.name, branch.address, branch.postal_code, branch.phone)
            for branch in provider.locations.all()
        ]
        return format_html(
            '<a href="{}">{}</a> ({}, {})<br>Phone: {} · Email: {}<br>{}',
            reverse("admin:providers_provider_change", args=[provider.pk]),
            provider.name,
            provider.get_kind_display(),
            "published" if provider.is_published else "not published",
            provider.phone or "none",
            provider.email or "none",
            format_html_join(mark_safe("<br>"), "Branch {}: {}, {} · {}", branches),
        )

    @admin.display(description="This listing (merged away if you merge)")
    def summary_of_listing(self, pair):
        return self.summary(pair.listing)

    @admin.display(description="The existing listing (kept)")
    def summary_of_existing(self, pair):
        return self.summary(pair.existing)

    def response_change(self, request, pair):
        for button, decide in (
            ("_merge", self.merge_selected),
            ("_dismiss", self.dismiss_selected),
        ):
            if button in request.POST:
                decide(request, PossibleDuplicate.objects.filter(pk=pair.pk))
                return redirect("admin:providers_possibleduplicate_changelist")
        return super().response_change(request, pair)

    @admin.action(
        description="Merge: move the listing's branches, people and services into the existing one",
        permissions=["change"],
    )
    def merge_selected(self, request, queryset):
        pairs = list(
            queryset.filter(status=DuplicateStatus.OPEN).select_related("listing", "existing")
        )
        for pair in pairs:
            duplicates.merge(pair, request.user)
        self.message_user(request, f"{len(pairs)} pair{pluralize(len(pairs))} merged.")

    @admin.action(description="Dismiss: they are different practices", permissions=["change"])
    def dismiss_selected(self, request, queryset):
        pairs = list(queryset.filter(status=DuplicateStatus.OPEN))
        for pair in pairs:
            pair.decide(DuplicateStatus.DISMISSED, request.user)
        self.message_user(request, f"{len(pairs)} pair{pluralize(len(pairs))} dismissed.")


@admin.register(Provider)
class ProviderAdmin(SimpleHistoryAdmin):
    # A website typed without a scheme means https:// (Django 6's default, asked for now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "is_verified", "is_published", "updated_at"]
    list_filter = [
        "kind",
        "is_verified",
        ConfirmationFilter,
        "is_published",
        "home_visits",
        "wheelchair_accessible",
        ("languages", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "slug", "email", "phone", "locations__postal_code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["languages", "conditions"]
    # Derived from the credentials (Credential.objects.verifying()): verify one of them instead.
    readonly_fields = ["is_verified", "confirmed_at", "confirmed_by", "confirmed_as"]
    actions = ["confirm_selected"]
    date_hierarchy = "created_at"
    inlines = [
        LocationInline,
        ProviderServiceInline,
        PractitionerInline,
        CredentialInline,
        PhotoInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "description"]}),
        ("Contact", {"fields": ["website", "email", "phone", "whatsapp", "booking_url"]}),
        (
            "Care",
            {
                "fields": [
                    "languages",
                    "conditions",
                    "accepting_new_patients",
                    "video_consultations",
                    "home_visits",
                    "wheelchair_accessible",
                    "accessibility_notes",
                ]
            },
        ),
        (
            "Status",
            {
                "fields": [
                    "is_published",
                    "is_verified",
                    ("confirmed_at", "confirmed_by", "confirmed_as"),
                ]
            },
        ),
    ]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # With its branches saved: their phones and postal codes are compared too.
            found = duplicates.record(form.instance, "a new listing")
            if found:
                self.message_user(
                    request,
                    f"This listing may duplicate {found} other{pluralize(found)}: see "
                    "Possible duplicates.",
                    messages.WARNING,
                )

    @admin.action(
        description="Confirm the selected listings: a moderator checked every detail",
        permissions=["change"],
    )
    def confirm_selected(self, request, queryset):
        with transaction.atomic():
            for provider in queryset:
                provider.confirm(request.user, ConfirmedAs.MODERATOR)
        count = len(queryset)
        self.message_user(request, f"{count} listing{pluralize(count)} confirmed by you, today.")

    def save_formset(self, request, form, formset, change):
        if formset.model is Credential:
            credentials = formset.save(commit=False)
            for credential in credentials:
                was_verified = (
                    credential.pk is not None
                    and Credential.objects.filter(pk=credential.pk, is_verified=True).exists()
                )
                CredentialVerification.record_verification(request, credential, was_verified)
                credential.save()
            for credential in formset.deleted_objects:
                credential.delete()
            formset.save_m2m()
        else:
            super().save_formset(request, form, formset, change)


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class OpeningExceptionInline(admin.TabularInline):
    model = OpeningException
    extra = 0


@admin.register(Location)
class LocationAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "area", "postal_code", "phone"]
    list_filter = [("area__parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "address", "postal_code", "provider__name"]
    autocomplete_fields = ["provider", "area"]
    list_select_related = ["provider", "area"]
    inlines = [OpeningHoursInline, OpeningExceptionInline]


@admin.register(Practitioner)
class PractitionerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "provider", "gender", "years_of_practice"]
    list_filter = ["gender"]
    search_fields = ["name", "provider__name", "training"]
    autocomplete_fields = ["provider"]
    filter_horizontal = ["languages"]
    list_select_related = ["provider"]


@admin.register(Credential)
class CredentialAdmin(CredentialVerification, SimpleHistoryAdmin):
    list_display = ["__str__", "provider", "number", "valid_until", "is_verified"]
    list_filter = ["is_verified", "kind", "valid_until"]
    search_fields = ["issuing_body", "number", "provider__name"]
    autocomplete_fields = ["provider", "practitioner"]
    list_select_related = ["provider"]
    actions = ["verify_selected"]

    def has_verify_permission(self, request):
        return self.may_verify(request)

    @admin.action(description="Mark the selected credentials verified", permissions=["verify"])
    def verify_selected(self, request, queryset):
        checked = 0
        with transaction.atomic():
            for credential in queryset.filter(is_verified=False):
                credential.mark_verified(request.user)
                credential.save()
                checked += 1
        self.message_user(
            request, f"{checked} credential{pluralize(checked)} marked verified by you, now."
        )

    def save_model(self, request, obj, form, change):
        # Ask the database: for someone who may not verify, is_verified is read-only and so
        # missing from form.initial, which made their save look like a fresh verification.
        was_verified = change and Credential.objects.filter(pk=obj.pk, is_verified=True).exists()
        self.record_verification(request, obj, was_verified)
        super().save_model(request, obj, form, change)


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    """Words patients type and what they should also find; takes effect on the next search."""

    list_display = ["term", "expands_to"]
    search_fields = ["term", "expands_to"]


@admin.register(PostalSector)
class PostalSectorAdmin(admin.ModelAdmin):
    list_display = ["prefix", "code_length", "label", "latitude", "longitude"]
    search_fields = ["prefix", "label"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    """Stations, landmarks, neighbourhoods and short names people type in "Where"."""

    list_display = ["name", "kind", "other_names", "area", "latitude", "longitude"]
    list_filter = ["kind"]
    search_fields = ["name", "other_names"]
    list_select_related = ["area"]
    autocomplete_fields = ["area"]


# History of the rows staff edit inside a listing: who changed what, and restore an older one.
@admin.register(OpeningHours, OpeningException, ProviderService, Photo)
class ListingPartHistoryAdmin(SimpleHistoryAdmin):
    list_display = ["__str__"]
    list_select_related = True

    def get_list_display(self, request):
        path = {OpeningHours: "location", OpeningException: "location"}.get(self.model, "provider")
        return ["__str__", path]

    def get_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.editable and f.name != "id"]

    def get_autocomplete_fields(self, request):
        return [n for n in ("provider", "location", "service") if n in self.get_fields(request)]
