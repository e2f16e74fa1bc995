"""
Getting a clinic-staff account: accepting an invitation, and asking to claim a listing.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from clinics import emails
from clinics.forms import AcceptInvitationForm, ClaimForm, QueuedPasswordResetForm
from clinics.guards import claim_submission
from clinics.models import Invitation, Membership
from providers import duplicates, limits
from providers.models import Provider


@never_cache
def accept_invitation(request, token):
    """
    The emailed link. A visitor without an account makes one here; a signed-in user accepts
    with one click; a used, expired or unknown link says so and does nothing.
    """
    invitation = Invitation.for_token(token)
    if invitation is None:
        return render(
            request, "registration/invitation_invalid.html", {"reason": "unknown"}, status=404
        )
    if invitation.is_used:
        return render(
            request, "registration/invitation_invalid.html", {"reason": "used"}, status=410
        )
    if invitation.is_expired:
        return render(
            request, "registration/invitation_invalid.html", {"reason": "expired"}, status=410
        )

    form = None
    if request.method == "POST":
        if request.user.is_authenticated:
            user = request.user
        else:
            form = AcceptInvitationForm(request.POST, email=invitation.email)
            if not form.is_valid():
                return _render_accept(request, invitation, form)
            try:
                with transaction.atomic():
                    user = form.save()
            except IntegrityError:
                form.add_error("username", "This username is taken. Choose another one.")
                return _render_accept(request, invitation, form)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if not invitation.accept(user):
            return render(
                request, "registration/invitation_invalid.html", {"reason": "used"}, status=410
            )
        messages.success(
            request, f"Welcome: you can now keep {invitation.provider}'s listing up to date."
        )
        return redirect("manage:dashboard")
    if not request.user.is_authenticated:
        form = AcceptInvitationForm(
            email=invitation.email, initial={"username": invitation.email.split("@")[0]}
        )
    return _render_accept(request, invitation, form)


def _render_accept(request, invitation, form):
    login_url = f"{reverse('login')}?next={request.path}"
    return render(
        request,
        "registration/invitation_accept.html",
        {"invitation": invitation, "form": form, "login_url": login_url},
    )


def claim_listing(request, slug):
    """A visitor asks to manage an unclaimed listing; a moderator decides in the admin."""
    provider = get_object_or_404(Provider.objects.listed(), slug=slug)
    if Membership.objects.filter(provider=provider).exists():
        return render(
            request, "registration/claim_form.html", {"provider": provider, "claimed": True}
        )
    form = ClaimForm(request.POST or None)
    if request.method == "POST":
        refusal = limits.check(request, "claim", targets=[request.POST.get("email")])
        if refusal:
            template = "registration/claim_form.html"
            return refused(request, template, refusal, form, provider=provider)
        if form.is_valid():
            try:
                with transaction.atomic():
                    if claim_submission(form.cleaned_data.get("submission_key")):
                        form.instance.provider = provider
                        claim = form.save()
                        emails.send_claim_received(request, claim)
                        duplicates.record_for_claim(claim)
            except IntegrityError:
                pass  # The same address already has a request waiting: one is enough.
            return redirect("claim_sent", slug=provider.slug)
    return render(request, "registration/claim_form.html", {"provider": provider, "form": form})


def refused(request, template, refusal, form, **context):
    """
    A form sent past one of its limits (providers.limits): shown again with what was typed,
    answered 429 with when to try again.
    """
    response = render(request, template, {"form": form, "refusal": refusal, **context}, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, queued (QueuedPasswordResetForm) and limited per address and per email."""

    form_class = QueuedPasswordResetForm

    def post(self, request, *args, **kwargs):
        refusal = limits.check(request, "password_reset", targets=[request.POST.get("email")])
        if refusal:
            return refused(request, self.template_name, refusal, self.get_form())
        return super().post(request, *args, **kwargs)


class LoginView(auth_views.LoginView):
    """
    Django's, with a limit on attempts from one address whatever the usernames (django-axes
    also locks a username out from an address after a few failures).
    """

    def post(self, request, *args, **kwargs):
        refusal = limits.check(request, "login")
        if refusal:
            # Not bound: showing a bound form would check the password, which is refused.
            form = self.form_class(request, initial={"username": request.POST.get("username")})
            return refused(request, self.template_name, refusal, form, next=self.get_redirect_url())
        return super().post(request, *args, **kwargs)


def claim_sent(request, slug):
    provider = get_object_or_404(Provider.objects.listed(), slug=slug)
    return render(request, "registration/claim_sent.html", {"provider": provider})
