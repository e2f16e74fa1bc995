"""
Who may manage what: the one place /manage/ views get their objects from.

Every object a clinic-staff view touches comes through these helpers, scoped to the
providers the user is a member of; anything else answers 404, whatever the method, so a
guessed id of another clinic's branch, photo or practitioner reveals nothing.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from clinics.models import Invitation, Membership, MembershipRole
from providers.models import (
    Credential,
    Location,
    OpeningException,
    OpeningHours,
    Photo,
    Practitioner,
    Provider,
    ProviderService,
)

# How each kind of object a manage view touches leads back to its provider.
PROVIDER_PATHS = {
    Location: "provider",
    OpeningHours: "location__provider",
    OpeningException: "location__provider",
    ProviderService: "provider",
    Practitioner: "provider",
    Credential: "provider",
    Photo: "provider",
    Invitation: "provider",
    Membership: "provider",
}


def providers_for(user):
    """The providers this user is staff of (none for anonymous users)."""
    if not user.is_authenticated:
        return Provider.objects.none()
    memberships = Membership.objects.filter(user=user, provider=OuterRef("pk"))
    return Provider.objects.filter(Exists(memberships))


def get_provider_for_user(request, slug, owner=False):
    """
    The provider with this slug if the user is staff of it, else 404. With `owner`, a plain
    member of it is refused (403): they may see it, but not do this.
    """
    provider = get_object_or_404(providers_for(request.user), slug=slug)
    if owner and not is_owner(request.user, provider):
        raise PermissionDenied("Only the listing's owners may do this.")
    return provider


def is_owner(user, provider):
    return Membership.objects.filter(
        user=user, provider=provider, role=MembershipRole.OWNER
    ).exists()


def children(provider, model):
    """All objects of `model` that belong to this provider: the queryset for forms and lists."""
    return model.objects.filter(**{PROVIDER_PATHS[model]: provider})


def get_child_or_404(provider, model, pk, **filters):
    """One object of `model` that belongs to this provider, else 404."""
    return get_object_or_404(children(provider, model).filter(**filters), pk=pk)
