"""Moderators' pages for clinic staff's accounts: memberships, invitations and claims."""

from django.contrib import admin, messages

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


@admin.register(ClaimRequest)
class ClaimRequestAdmin(admin.ModelAdmin):
    """Claims wait here: approving invites the requester as the listing's owner."""

    list_display = ["name", "provider", "email", "role", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "email", "provider__name"]
    list_select_related = ["provider"]
    readonly_fields = ["provider", "status", "created_at", "decided_at", "decided_by"]
    fields = ["provider", "name", "role", "email", "phone", "verification", *readonly_fields[1:]]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

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
