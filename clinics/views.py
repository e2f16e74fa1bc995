"""
Clinic staff's pages at /manage/. Thin views: every object comes from clinics.access
(scoped to the user's providers, 404 otherwise), forms from clinics.forms.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import (
    DeleteView,
    DetailView,
    FormView,
    ListView,
    TemplateView,
    UpdateView,
)

from clinics import access, dashboard, emails, imports
from clinics.forms import (
    ClosuresForm,
    CredentialForm,
    ImportForm,
    InvitationForm,
    LocationForm,
    OpeningExceptionForm,
    PhotoFormSet,
    PhotoUploadForm,
    PractitionerForm,
    ProviderForm,
    ServiceFormSet,
    WeekHoursForm,
)
from clinics.guards import VersionForm, claim_submission, version_of
from clinics.models import ImportJob, Invitation, Membership
from clinics.tasks import run_import
from markets import market
from providers.changes import listings_changed
from providers.models import (
    Credential,
    Location,
    OpeningException,
    OpeningHours,
    Photo,
    Practitioner,
    Provider,
    ProviderService,
    Weekday,
)
from providers.tasks import queue


@method_decorator(never_cache, name="dispatch")
class ManageMixin(LoginRequiredMixin):
    """
    The provider named in the URL, if the user is staff of it (404 otherwise). Never kept by a
    browser or a proxy (Cache-Control: no-store, private): staff pages show a clinic's own data.
    """

    owner_only = False
    section = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.provider = access.get_provider_for_user(request, kwargs["slug"], owner=self.owner_only)
        if request.method == "GET":
            return super().dispatch(request, *args, **kwargs)
        # A page saves several rows at once (a week of hours, every offer, a listing and its
        # languages): all of them or none, and one rebuild of what the listing shows after.
        with transaction.atomic():
            return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(provider=self.provider, section=self.section)
        return context


class ChildMixin(ManageMixin):
    """A list, form or deletion of one kind of the provider's rows, looked up through access."""

    model = None
    list_url_name = ""

    def get_queryset(self):
        return access.children(self.provider, self.model)

    def get_success_url(self):
        return reverse(f"manage:{self.list_url_name}", args=[self.provider.slug])


class VersionedUpdateMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["current_version"] = version_of(self.model.history.filter(id=self.object.pk))
        return kwargs

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Saved.")
        return response


class OnceCreateMixin:
    """Create the row once per form: a second post of the same form adds nothing."""

    template_name = "manage/form.html"

    def get(self, request, *args, **kwargs):
        self.object = None
        return self.render_to_response(self.get_context_data(form=self.get_form()))

    def post(self, request, *args, **kwargs):
        self.object = None
        form = self.get_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        with transaction.atomic():
            if not claim_submission(form.cleaned_data.get("submission_key")):
                messages.info(request, "That form was already saved; it was not added twice.")
                return HttpResponseRedirect(self.get_success_url())
            self.object = self.save(form)
        messages.success(request, f"Added “{self.object}”.")
        return HttpResponseRedirect(self.get_success_url())

    def save(self, form):
        """The new row belongs to the provider in the URL, whatever the form was sent with."""
        form.instance.provider = self.provider
        return form.save()

    def get_form(self):
        return self.form_class(**self.get_form_kwargs())

    def get_form_kwargs(self):
        kwargs = {"prefix": None}
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        return kwargs

    def get_context_data(self, **kwargs):
        kwargs.setdefault("title", self.title)
        return super().get_context_data(**kwargs)


@method_decorator(never_cache, name="dispatch")
class DashboardView(LoginRequiredMixin, TemplateView):
    template_name = "manage/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["listings"] = dashboard.listings_for(self.request.user)
        return context


@method_decorator(never_cache, name="dispatch")
class ImportView(LoginRequiredMixin, View):
    """
    Bulk import (clinics.imports), first step: a file is read and handed to the task queue to
    be checked (ImportJob); its page shows the progress, then what each row would do.
    """

    template_name = "manage/import.html"
    RECENT = 5

    def get(self, request):
        return self.page(request, ImportForm())

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = imports.read(upload)
            except imports.Unreadable as error:
                form.add_error("file", str(error))
            else:
                upload.seek(0)
                job = ImportJob(user=request.user, file_name=upload.name, rows=len(rows))
                job.file.save(upload.name, upload)
                transaction.on_commit(partial(queue, run_import, job.pk, False))
                return redirect("manage:import_job", job.pk)
        return self.page(request, form)

    def page(self, request, form):
        recent = ImportJob.objects.filter(user=request.user)[: self.RECENT]
        return render(request, self.template_name, {"form": form, "recent": recent})


@method_decorator(never_cache, name="dispatch")
class ImportJobView(LoginRequiredMixin, DetailView):
    """
    One import file's page: its progress while the task queue checks or applies it, then what
    each row would do or did, and the button that applies a file checked without errors.
    """

    template_name = "manage/import_job.html"
    context_object_name = "job"

    def get_queryset(self):
        return ImportJob.objects.filter(user=self.request.user)

    def get_context_data(self, **kwargs):
        job = self.object
        return super().get_context_data(
            outcome=imports.Outcome.from_data(job.outcome) if job.outcome else None,
            rows_done=job.rows_done(),
            **kwargs,
        )

    def post(self, request, pk):
        job = self.get_object()
        if not job.ready_to_apply or not job.file:
            messages.error(request, "Check the file again before applying it.")
            return redirect("manage:import")
        job.start(ImportJob.State.APPLYING)
        transaction.on_commit(partial(queue, run_import, job.pk, True))
        return redirect("manage:import_job", job.pk)


@never_cache
@login_required
def import_progress(request, pk):
    """Where an import is, for its page's script to show without reloading."""
    job = get_object_or_404(ImportJob, pk=pk, user=request.user)
    return JsonResponse({"state": job.state, "rows": job.rows, "done": job.rows_done()})


@never_cache
@login_required
def import_template(request):
    response = HttpResponse(imports.template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="listing-import-template.csv"'
    return response


class ProviderUpdateView(VersionedUpdateMixin, ManageMixin, UpdateView):
    model = Provider
    form_class = ProviderForm
    template_name = "manage/form.html"
    section = "details"
    extra_context = {"title": "Details"}

    def get_object(self, queryset=None):
        return self.provider

    def get_success_url(self):
        return reverse("manage:provider", args=[self.provider.slug])


# Branches


class BranchListView(ChildMixin, ListView):
    model = Location
    template_name = "manage/branch_list.html"
    section = "branches"

    def get_queryset(self):
        return super().get_queryset().select_related("area").prefetch_related("hours")


class BranchCreateView(OnceCreateMixin, ChildMixin, TemplateView):
    model = Location
    form_class = LocationForm
    list_url_name = "branches"
    section = "branches"
    title = "Add a branch"


class BranchUpdateView(VersionedUpdateMixin, ChildMixin, UpdateView):
    model = Location
    form_class = LocationForm
    template_name = "manage/form.html"
    list_url_name = "branches"
    section = "branches"
    extra_context = {"title": "Edit branch"}


class ConfirmDeleteView(ChildMixin, DeleteView):
    template_name = "manage/confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(cancel_url=self.get_success_url(), **kwargs)

    def form_valid(self, form):
        name = str(self.object)
        response = super().form_valid(form)
        messages.success(self.request, f"Deleted “{name}”.")
        return response


class BranchDeleteView(ConfirmDeleteView):
    model = Location
    list_url_name = "branches"
    section = "branches"


class HoursView(ManageMixin, View):
    """
    A branch's week as a grid: several intervals a day, closed days, hours past midnight.
    "Copy Monday's hours to all weekdays" is a submit button, so that it works without
    JavaScript: the page comes back with the copy made and nothing saved.
    """

    section = "branches"

    def location(self):
        return access.get_child_or_404(self.provider, Location, self.kwargs["pk"])

    def rows(self, location):
        return access.children(self.provider, OpeningHours).filter(location=location)

    def version(self, location, data=None):
        current = version_of(OpeningHours.history.filter(location_id=location.pk))
        return VersionForm(data, current=current, prefix="page")

    def get(self, request, slug, pk):
        location = self.location()
        week = {}
        for interval in self.rows(location):
            week.setdefault(interval.weekday, []).append((interval.opens, interval.closes))
        return self.render(location, WeekHoursForm(week=week), self.version(location))

    def post(self, request, slug, pk):
        location = self.location()
        grid = WeekHoursForm(request.POST)
        version = self.version(location, request.POST)
        if request.POST.get("copy"):
            return self.copy(location, grid, version, request.POST["copy"])
        # Both checked, so that every error shows at once.
        valid = [grid.is_valid(), version.is_valid()]
        if all(valid):
            self.save(location, grid.week())
            messages.success(request, f"Saved the opening hours of {location.name}.")
            return redirect("manage:hours", self.provider.slug, location.pk)
        return self.render(location, grid, version)

    def copy(self, location, grid, version, source):
        """The grid as typed, with the source day's intervals on every other working day."""
        names = {day.name.lower(): day for day in Weekday}
        if source not in names:
            return self.render(location, grid, version)
        day_formset = grid.day(source)
        if not day_formset.is_valid():
            messages.error(self.request, f"Correct {names[source].label}'s hours to copy them.")
            return self.render(location, grid, version)
        weekend = market.current().weekend_days
        targets = [d for d in Weekday if d != names[source] and d.value not in weekend]
        week = grid.as_typed()
        for day in targets:
            week[day.value] = grid.week_of(names[source])
        messages.info(
            self.request,
            f"Copied {names[source].label}'s hours to "
            f"{', '.join(str(day.label) for day in targets)}. Nothing is saved until you press "
            "“Save opening hours”.",
        )
        # The version the page was opened at, so that a stale edit is still caught on saving.
        opened_at = VersionForm(current=self.request.POST.get("page-version", ""), prefix="page")
        return self.render(location, WeekHoursForm(week=week), opened_at)

    def save(self, location, week):
        """
        Replace the branch's week. Rows are changed in place where a day keeps as many
        intervals, so that the history shows a change, not a deletion and an addition; each
        save goes through providers.changes, which rebuilds the listing once after commit.
        """
        current = {}
        for row in self.rows(location).order_by("weekday", "opens"):
            current.setdefault(row.weekday, []).append(row)
        for day in Weekday:
            rows, wanted = current.get(day.value, []), week.get(day.value, [])
            for row, (opens, closes) in zip(rows, wanted, strict=False):
                if (row.opens, row.closes) != (opens, closes):
                    row.opens, row.closes = opens, closes
                    row.save()
            for opens, closes in wanted[len(rows) :]:
                OpeningHours.objects.create(
                    location=location, weekday=day.value, opens=opens, closes=closes
                )
            for row in rows[len(wanted) :]:
                row.delete()
        # Bookkeeping, not a change of the listing's details: no history record of its own
        # (the hours' records say what changed), announced to providers.changes as the
        # module asks of a change made without signals.
        now = timezone.now()
        Provider.objects.filter(pk=self.provider.pk).update(hours_reviewed_at=now, updated_at=now)
        listings_changed([self.provider.pk])

    def render(self, location, grid, version):
        context = {
            "provider": self.provider,
            "section": self.section,
            "location": location,
            "grid": grid,
            "version_form": version,
        }
        return render(self.request, "manage/hours.html", context)


class ExceptionsView(ManageMixin, View):
    """A branch's dated exceptions (holidays, closures, special hours): the list and a form."""

    section = "branches"

    def get(self, request, slug, pk):
        location = access.get_child_or_404(self.provider, Location, pk)
        return self.render(location, OpeningExceptionForm(location=location))

    def post(self, request, slug, pk):
        location = access.get_child_or_404(self.provider, Location, pk)
        form = OpeningExceptionForm(request.POST, location=location)
        if form.is_valid():
            with transaction.atomic():
                if claim_submission(form.cleaned_data.get("submission_key")):
                    form.save()
                    messages.success(request, f"Added {form.instance}.")
                else:
                    messages.info(request, "That form was already saved; it was not added twice.")
            return redirect("manage:exceptions", self.provider.slug, location.pk)
        return self.render(location, form)

    def render(self, location, form):
        context = {
            "provider": self.provider,
            "section": self.section,
            "location": location,
            "form": form,
            "exceptions": location.exceptions.upcoming(),
        }
        return render(self.request, "manage/exceptions.html", context)


class ClosuresView(ManageMixin, FormView):
    """
    Close several branches at once: on public holidays from the market's list, and/or on a
    day or a run of days. Each closure is saved on its own, through providers.changes.
    """

    form_class = ClosuresForm
    template_name = "manage/closures.html"
    section = "branches"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "provider": self.provider, "today": self.today()}

    def today(self):
        return timezone.localdate()

    def get_context_data(self, **kwargs):
        upcoming = (
            access.children(self.provider, OpeningException)
            .upcoming(self.today())
            .select_related("location")
            .order_by("date", "location__name", "opens")
        )
        return super().get_context_data(
            upcoming=upcoming, holidays_source=market.current().holidays_source, **kwargs
        )

    def form_valid(self, form):
        if not claim_submission(form.cleaned_data.get("submission_key")):
            messages.info(self.request, "That form was already saved; it was not added twice.")
            return redirect("manage:closures", self.provider.slug)
        branches = list(form.cleaned_data["branches"])
        closures = form.closures()
        taken = set(
            OpeningException.objects.filter(
                location__in=branches, date__in=[day for day, _ in closures]
            ).values_list("location_id", "date")
        )
        added, kept = 0, []
        for branch in branches:
            for day, reason in closures:
                if (branch.pk, day) in taken:
                    kept.append(f"{branch.name} on {day.day} {day:%b %Y}")
                    continue
                OpeningException.objects.create(location=branch, date=day, reason=reason)
                added += 1
        if added:
            messages.success(self.request, f"Added {added} closure{pluralize(added)}.")
        if kept:
            messages.info(
                self.request,
                "Already entered, so left as they were: " + "; ".join(kept) + ".",
            )
        return redirect("manage:closures", self.provider.slug)


class ExceptionDeleteView(ConfirmDeleteView):
    section = "branches"

    def get_queryset(self):
        return access.children(self.provider, OpeningException).filter(
            location_id=self.kwargs["branch"]
        )

    def get_success_url(self):
        return reverse("manage:exceptions", args=[self.provider.slug, self.kwargs["branch"]])


class HoursReviewedView(ManageMixin, View):
    """'These hours are still right': the dashboard stops asking for six months."""

    def post(self, request, slug):
        self.provider.hours_reviewed_at = timezone.now()
        self.provider.save(update_fields=["hours_reviewed_at", "updated_at"])
        messages.success(request, "Thank you: the opening hours are marked as checked today.")
        return redirect("manage:dashboard")


class ConfirmListingView(ManageMixin, View):
    """'Everything on this listing is still correct': shown on the profile with today's date."""

    def post(self, request, slug):
        self.provider.confirm(request.user)
        messages.success(
            request,
            f"Thank you: {self.provider.name} shows its details as confirmed by the clinic today.",
        )
        return redirect("manage:dashboard")


# Services


class ServicesView(ManageMixin, View):
    section = "services"

    def forms(self, data=None):
        rows = access.children(self.provider, ProviderService).select_related("service")
        current = version_of(ProviderService.history.filter(provider_id=self.provider.pk))
        formset = ServiceFormSet(data, instance=self.provider, queryset=rows, prefix="offers")
        return formset, VersionForm(data, current=current, prefix="page")

    def get(self, request, slug):
        return self.render(*self.forms())

    def post(self, request, slug):
        formset, version = self.forms(request.POST)
        if formset.is_valid() and version.is_valid():
            with transaction.atomic():
                formset.save()
                messages.success(request, "Saved the services and prices.")
            return redirect("manage:services", self.provider.slug)
        return self.render(formset, version)

    def render(self, formset, version):
        context = {
            "provider": self.provider,
            "section": self.section,
            "formset": formset,
            "version_form": version,
        }
        return render(self.request, "manage/services.html", context)


# Practitioners


class PractitionerListView(ChildMixin, ListView):
    model = Practitioner
    template_name = "manage/practitioner_list.html"
    section = "practitioners"


class PractitionerCreateView(OnceCreateMixin, ChildMixin, TemplateView):
    model = Practitioner
    form_class = PractitionerForm
    list_url_name = "practitioners"
    section = "practitioners"
    title = "Add a practitioner"


class PractitionerUpdateView(VersionedUpdateMixin, ChildMixin, UpdateView):
    model = Practitioner
    form_class = PractitionerForm
    template_name = "manage/form.html"
    list_url_name = "practitioners"
    section = "practitioners"
    extra_context = {"title": "Edit practitioner"}


class PractitionerDeleteView(ConfirmDeleteView):
    model = Practitioner
    list_url_name = "practitioners"
    section = "practitioners"


# Credentials


class CredentialListView(ChildMixin, ListView):
    model = Credential
    template_name = "manage/credential_list.html"
    section = "credentials"

    def get_queryset(self):
        return super().get_queryset().select_related("practitioner")


class CredentialFormMixin:
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["provider"] = self.provider
        return kwargs


class CredentialCreateView(CredentialFormMixin, OnceCreateMixin, ChildMixin, TemplateView):
    model = Credential
    form_class = CredentialForm
    list_url_name = "credentials"
    section = "credentials"
    title = "Add a licence or membership"


class CredentialUpdateView(CredentialFormMixin, VersionedUpdateMixin, ChildMixin, UpdateView):
    model = Credential
    form_class = CredentialForm
    template_name = "manage/form.html"
    list_url_name = "credentials"
    section = "credentials"
    extra_context = {"title": "Edit licence or membership"}


class CredentialDeleteView(ConfirmDeleteView):
    model = Credential
    list_url_name = "credentials"
    section = "credentials"


# Photos


class PhotosView(ManageMixin, View):
    """The provider's photos: upload one, change alt texts and order."""

    section = "photos"

    def forms(self, data=None):
        rows = access.children(self.provider, Photo)
        current = version_of(Photo.history.filter(provider_id=self.provider.pk))
        formset = PhotoFormSet(data, queryset=rows, prefix="photos")
        return formset, VersionForm(data, current=current, prefix="page")

    def get(self, request, slug):
        return self.render(PhotoUploadForm(), *self.forms())

    def post(self, request, slug):
        if "upload" in request.POST:
            form = PhotoUploadForm(request.POST, request.FILES)
            if not form.is_valid():
                return self.render(form, *self.forms())
            if claim_submission(form.cleaned_data.get("submission_key")):
                last = self.rows().order_by("-order").values_list("order", flat=True).first()
                form.instance.provider = self.provider
                form.instance.order = (last or 0) + 1
                form.save()
                messages.success(request, "Added the photo.")
            return redirect("manage:photos", self.provider.slug)
        formset, version = self.forms(request.POST)
        if formset.is_valid() and version.is_valid():
            formset.save()
            messages.success(request, "Saved the photos' descriptions and order.")
            return redirect("manage:photos", self.provider.slug)
        return self.render(PhotoUploadForm(), formset, version)

    def rows(self):
        return access.children(self.provider, Photo)

    def render(self, form, formset, version):
        context = {
            "provider": self.provider,
            "section": self.section,
            "form": form,
            "formset": formset,
            "version_form": version,
        }
        return render(self.request, "manage/photos.html", context)


class PhotoDeleteView(ConfirmDeleteView):
    model = Photo
    list_url_name = "photos"
    section = "photos"


# Team


class TeamView(ManageMixin, View):
    """Who is staff of the listing; owners invite colleagues here."""

    section = "team"

    def get(self, request, slug):
        return self.render(InvitationForm())

    def post(self, request, slug):
        if not access.is_owner(request.user, self.provider):
            access.get_provider_for_user(request, slug, owner=True)  # raises 403
        form = InvitationForm(request.POST)
        if form.is_valid():
            with transaction.atomic():
                if claim_submission(form.cleaned_data.get("submission_key")):
                    invitation, token = Invitation.issue(
                        self.provider,
                        form.cleaned_data["email"],
                        form.cleaned_data["role"],
                        invited_by=request.user,
                    )
                    emails.send_invitation(request, invitation, token)
                    messages.success(request, f"Sent an invitation to {invitation.email}.")
            return redirect("manage:team", self.provider.slug)
        return self.render(form)

    def render(self, form):
        context = {
            "provider": self.provider,
            "section": self.section,
            "form": form,
            "is_owner": access.is_owner(self.request.user, self.provider),
            "members": access.children(self.provider, Membership).select_related("user"),
            "invitations": access.children(self.provider, Invitation).pending(),
        }
        return render(self.request, "manage/team.html", context)


class InvitationRevokeView(ConfirmDeleteView):
    model = Invitation
    owner_only = True
    list_url_name = "team"
    section = "team"

    def get_queryset(self):
        return super().get_queryset().pending()
