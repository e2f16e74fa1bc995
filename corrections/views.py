"""Reporting wrong information on a profile, and the listing's staff closing the reports."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.decorators.cache import never_cache

from clinics import access
from clinics.accounts import refused
from clinics.guards import claim_submission
from clinics.views import ManageMixin
from corrections.forms import CloseReportForm, ReportForm
from corrections.models import Report
from providers import limits
from providers.models import Provider

TEMPLATE = "corrections/report_form.html"


@never_cache
def report_form(request, slug):
    provider = get_object_or_404(Provider.objects.listed(), slug=slug)
    form = ReportForm(request.POST or None, provider=provider)
    if request.method == "POST":
        refusal = limits.check(request, "report", targets=[provider.slug])
        if refusal:
            return refused(request, TEMPLATE, refusal, form, provider=provider)
        if form.is_valid():
            with transaction.atomic():
                if claim_submission(form.cleaned_data.get("submission_key")):
                    form.save()
            return redirect("corrections:sent", slug=provider.slug)
    return render(request, TEMPLATE, {"form": form, "provider": provider})


def report_sent(request, slug):
    provider = get_object_or_404(Provider.objects.listed(), slug=slug)
    return render(request, "corrections/report_sent.html", {"provider": provider})


class ReportListView(ManageMixin, View):
    """A listing's open reports, each closed with an outcome and a note; the last closed below."""

    section = "reports"
    template_name = "corrections/report_list.html"

    def get(self, request, slug):
        return self.render()

    def post(self, request, slug):
        pk = request.POST.get("report", "")
        if not pk.isdigit():
            raise Http404("No such report.")
        report = access.get_child_or_404(self.provider, Report, int(pk), status="open")
        form = CloseReportForm(request.POST, prefix=f"report-{report.pk}")
        if not form.is_valid():
            return self.render(invalid=(report.pk, form), status=400)
        with transaction.atomic():
            report.close(form.cleaned_data["status"], request.user, form.cleaned_data["note"])
        messages.success(request, f"The report “{report.get_problem_display()}” is closed.")
        return redirect("reports:list", slug=self.provider.slug)

    def render(self, invalid=None, status=200):
        reports = access.children(self.provider, Report)
        open_reports = list(reports.open())
        forms = {
            report.pk: CloseReportForm(prefix=f"report-{report.pk}") for report in open_reports
        }
        if invalid:
            forms[invalid[0]] = invalid[1]
        context = {
            "provider": self.provider,
            "section": self.section,
            "open_reports": [(report, forms[report.pk]) for report in open_reports],
            "closed_reports": reports.exclude(status="open").order_by("-closed_at")[:20],
        }
        return render(self.request, self.template_name, context, status=status)
