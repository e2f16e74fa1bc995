"""
A patient's enquiry (the form, the private page it leads to, withdrawing it), counting profile
views, and the clinic's inbox at /manage/<slug>/enquiries/.
"""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from clinics import access
from clinics.accounts import refused
from clinics.guards import claim_submission
from clinics.views import ManageMixin
from enquiries import emails, tasks
from enquiries.forms import EnquiryForm, InboxSettingsForm, NoteForm, ReplyForm, StatusForm
from enquiries.models import (
    Enquiry,
    EnquiryKind,
    EnquiryStatus,
    InboxSettings,
    ProfileViews,
    takes_enquiries,
)
from providers import limits
from providers.models import Provider


def private(response):
    """A page reached by a private link: never cached, indexed, or named to another site."""
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
def enquiry_form(request, slug):
    provider = get_object_or_404(Provider.objects.listed(), slug=slug)
    if not takes_enquiries(provider):
        return render(request, "enquiries/unavailable.html", {"provider": provider})
    reply_time = InboxSettings.of(provider).get_reply_time_display()
    kind = request.GET.get("kind")
    initial = {"kind": kind if kind in EnquiryKind.values else EnquiryKind.ENQUIRY}
    form = EnquiryForm(request.POST or None, provider=provider, initial=initial)
    context = {"provider": provider, "reply_time": reply_time}
    if request.method == "POST":
        refusal = limits.check(request, "enquiry", targets=[provider.slug])
        if refusal:
            return refused(request, "enquiries/enquiry_form.html", refusal, form, **context)
        if form.is_from_a_bot():
            return redirect("enquiries:sent", slug=provider.slug)
        if form.is_valid():
            with transaction.atomic():
                if not claim_submission(form.cleaned_data.get("submission_key")):
                    return redirect("enquiries:sent", slug=provider.slug)
                enquiry = form.save()
                emails.send_receipt(request, enquiry, form.token, reply_time)
                tasks.tell_clinic_later(request, enquiry)
            messages.success(request, f"Your {enquiry.get_kind_display().lower()} was sent.")
            return redirect("enquiries:status", token=form.token)
    return render(request, "enquiries/enquiry_form.html", {"form": form, **context})


def enquiry_sent(request, slug):
    """Where a repeated submission lands: the enquiry was sent once, and that is all."""
    provider = get_object_or_404(Provider.objects.listed(), slug=slug)
    reply_time = InboxSettings.of(provider).get_reply_time_display()
    return render(
        request, "enquiries/enquiry_sent.html", {"provider": provider, "reply_time": reply_time}
    )


@never_cache
def enquiry_status(request, token):
    """The patient's private page: what they sent, where it stands, and withdrawing it."""
    enquiry = Enquiry.for_token(token)
    if enquiry is None:
        raise Http404("This link does not work (any more).")
    reply_time = InboxSettings.of(enquiry.provider).get_reply_time_display()
    return private(
        render(
            request,
            "enquiries/enquiry_status.html",
            {
                "enquiry": enquiry,
                "provider": enquiry.provider,
                "reply_time": reply_time,
                "token": token,
                "retention_days": settings.ENQUIRY_RETENTION_DAYS,
            },
        )
    )


@never_cache
@require_POST
def withdraw(request, token):
    enquiry = Enquiry.for_token(token)
    if enquiry is None:
        raise Http404("This link does not work (any more).")
    enquiry.withdraw()
    return private(render(request, "enquiries/withdrawn.html", {"provider": enquiry.provider}))


@csrf_exempt  # A count, sent by the profile page's script; nothing a forged request could harm.
@require_POST
def profile_seen(request, slug):
    provider = get_object_or_404(Provider.objects.listed().only("pk"), slug=slug)
    if not limits.check(request, "profile_view"):
        ProfileViews.count_one(provider)
    return HttpResponse(status=204)


# The clinic's inbox


class InboxMixin(ManageMixin):
    section = "enquiries"

    def enquiries(self):
        return access.children(self.provider, Enquiry).with_personal_data()


class InboxView(InboxMixin, ListView):
    """The provider's enquiries, new first; spam only when asked for."""

    template_name = "enquiries/inbox.html"
    paginate_by = 50
    context_object_name = "enquiries"

    def get_queryset(self):
        self.status = self.request.GET.get("status", "")
        enquiries = self.enquiries().select_related("location", "service")
        if self.status in EnquiryStatus.values:
            enquiries = enquiries.filter(status=self.status)
        else:
            self.status = ""
            enquiries = enquiries.exclude(status=EnquiryStatus.SPAM)
        return enquiries.inbox_order()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            status=self.status,
            statuses=[s for s in EnquiryStatus if s != EnquiryStatus.WITHDRAWN],
            **kwargs,
        )


class EnquiryView(InboxMixin, View):
    """One enquiry: its details, its status, private notes, and replies by email."""

    FORMS = {"status": StatusForm, "note": NoteForm, "reply": ReplyForm}

    def get(self, request, slug, pk):
        return self.render(self.enquiry())

    def post(self, request, slug, pk):
        enquiry = self.enquiry()
        action = request.POST.get("action")
        if action not in self.FORMS:
            return redirect(enquiry.get_manage_url())
        form = self.form(action, enquiry, request.POST)
        if not form.is_valid():
            return self.render(enquiry, **{action: form})
        with transaction.atomic():
            if action == "status":
                form.save()
                messages.success(request, f"Marked as {enquiry.get_status_display().lower()}.")
            elif claim_submission(form.cleaned_data.get("submission_key")):
                added = form.save(commit=False)
                added.enquiry, added.author = enquiry, request.user
                added.save()
                if action == "reply":
                    enquiry.replied()
                    emails.send_reply(added, request.user)
                    messages.success(request, "Your reply is on its way.")
                else:
                    messages.success(request, "Note added.")
        return redirect(enquiry.get_manage_url())

    def enquiry(self):
        enquiries = self.enquiries().select_related("provider", "location", "service")
        return get_object_or_404(enquiries, pk=self.kwargs["pk"])

    def form(self, action, enquiry, data=None):
        if action == "status":
            return StatusForm(data, instance=enquiry, prefix="status")
        if action == "reply":
            return ReplyForm(data, enquiry=enquiry, prefix="reply")
        return NoteForm(data, prefix="note")

    def render(self, enquiry, **bound):
        context = {
            "provider": self.provider,
            "section": self.section,
            "enquiry": enquiry,
            "notes": enquiry.notes.select_related("author"),
            "replies": enquiry.replies.select_related("author"),
            **{action: bound.get(action) or self.form(action, enquiry) for action in self.FORMS},
        }
        return render(self.request, "enquiries/enquiry_detail.html", context)


class InboxSettingsView(InboxMixin, View):
    """Who is told of new enquiries, and the reply time patients are shown."""

    def get(self, request, slug):
        return self.render(InboxSettingsForm(instance=InboxSettings.of(self.provider)))

    def post(self, request, slug):
        form = InboxSettingsForm(request.POST, instance=InboxSettings.of(self.provider))
        if form.is_valid():
            form.save()
            messages.success(request, "Saved.")
            return redirect("inbox:list", self.provider.slug)
        return self.render(form)

    def render(self, form):
        context = {"provider": self.provider, "section": self.section, "form": form}
        return render(self.request, "enquiries/inbox_settings.html", context)
