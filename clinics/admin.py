"""Moderators' pages for clinic staff's accounts: memberships, invitations and claims."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from clinics import emails
from clinics.models import ClaimRequest, ClaimStatus, Invitation, Membership, MembershipRole


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "provider", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "provider__name"]
    autocomplete_fields = ["user", "provider"]
    list_select_related = ["user", "provider"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Moderators invite a person to a provider: saving a new invitation emails the link."""

    list_display = ["email", "provider", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["role"]
    search_fields = ["email", "provider__name"]
    autocomplete_fields = ["provider"]
    list_select_related = ["provider"]
    fields = ["provider", "email", "role", "invited_by", "expires_at", "accepted_at", "accepted_by"]
    readonly_fields = ["invited_by", "expires_at", "accepted_at", "accepted_by"]

    def has_change_permission(self, request, obj=None):
        # An invitation is sent as it is; a wrong one is deleted and a new one sent.
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        token = obj.new_token()
        obj.invited_by = request.user
        super().save_model(request, obj, form, change)
        emails.send_invitation(request, obj, token)
        self.message_user(request, f"Emailed an invitation to {obj.email}.", messages.SUCCESS)


# What each part of a claim is for, said to the moderator who checks it (the model's help
# texts speak to the person claiming).
CLAIM_HELP = {
    "name": "As the requester typed it: is this person named on the listing or its website?",
    "role": "An owner or manager may run the listing; anyone else, ask who they work for.",
    "email": (
        "The invitation goes here if you approve. An address at the practice's own domain "
        "(compare with the listing's website) is a good sign; a free mail address, ask more."
    ),
    "phone": "Call it, or better the listing's own number shown above, to check.",
    "verification": "What the requester offers as proof: check it before approving.",
}


@admin.register(ClaimRequest)
class ClaimRequestAdmin(admin.ModelAdmin):
    """Claims wait here: approving invites the requester as the listing's owner."""

    list_display = ["name", "provider", "email", "role", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "email", "provider__name"]
    list_select_related = ["provider"]
    readonly_fields = [
        "provider",
        "listing_contact",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
    ]
    fields = [
        "provider",
        "listing_contact",
        "name",
        "role",
        "email",
        "phone",
        "verification",
        "status",
        "created_at",
        "decided_at",
        "decided_by",
    ]
    actions = ["approve", "reject"]
    change_form_template = "admin/clinics/claimrequest/change_form.html"

    def has_add_permission(self, request):
        return False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        for name, text in CLAIM_HELP.items():
            if name in form.base_fields:
                form.base_fields[name].help_text = text
        return form

    @admin.display(description="The listing's own contacts, to check against")
    def listing_contact(self, claim):
        provider = claim.provider
        rows = [
            ("Phone", provider.phone or "none"),
            ("Email", provider.email or "none"),
            ("Website", provider.website or "none"),
        ]
        return format_html_join(mark_safe("<br>"), "{}: {}", rows)

    def response_change(self, request, claim):
        for button, decide in (("_approve", self.approve), ("_reject", self.reject)):
            if button in request.POST:
                decide(request, ClaimRequest.objects.filter(pk=claim.pk))
                return redirect("admin:clinics_claimrequest_changelist")
        return super().response_change(request, claim)

    @admin.action(description="Approve: email the requester an invitation as owner")
    def approve(self, request, queryset):
        done = 0
        for claim in queryset.filter(status=ClaimStatus.PENDING).select_related("provider"):
            invitation, token = Invitation.issue(
                claim.provider, claim.email, MembershipRole.OWNER, invited_by=request.user
            )
            emails.send_invitation(request, invitation, token)
            claim.decide(ClaimStatus.APPROVED, request.user)
            done += 1
        self.message_user(request, f"Approved {done} claim(s) and emailed the invitations.")

    @admin.action(description="Reject: email the requester that it was declined")
    def reject(self, request, queryset):
        done = 0
        for claim in queryset.filter(status=ClaimStatus.PENDING).select_related("provider"):
            claim.decide(ClaimStatus.REJECTED, request.user)
            emails.send_claim_rejected(claim)
            done += 1
        self.message_user(request, f"Rejected {done} claim(s) and told the requesters.")
