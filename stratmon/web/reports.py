"""Progress reports on the web: download a plan's report in any format as of any date,
publish it (the Secretariat), and download published reports again unchanged."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from stratmon.accounts import access
from stratmon.plans.models import Plan
from stratmon.reports.build import build_report
from stratmon.reports.models import PublishedReport
from stratmon.reports.publishing import latest, publish
from stratmon.reports.render import FORMATS
from stratmon.reports.render import render as render_file

DATE = forms.DateInput(attrs={"type": "date"})


class ReportForm(forms.Form):
    as_of = forms.DateField(label="As of", widget=DATE)
    since = forms.DateField(
        label="Changes since", required=False, widget=DATE, help_text="Optional."
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        as_of, since = data.get("as_of"), data.get("since")
        if as_of and since and since >= as_of:
            self.add_error("since", "Must be before the as-of date.")
        return data


def _reportable_plan(request: HttpRequest, code: str) -> Plan:
    """The plan named, if the user gets its reports: 404 if it may not read it, 403 if it
    reads it but gets only its own Member's report (a focal point)."""
    plan = access.get_visible_plan(request.user, code)
    if not access.can_download_plan_report(request.user, plan):
        raise PermissionDenied("A plan's report is for its Secretariat and viewers.")
    return plan


def _download(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=FORMATS[fmt][1])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@require_GET
def plan_reports(request: HttpRequest, code: str) -> HttpResponse:
    plan = _reportable_plan(request, code)
    today = timezone.localdate()
    last = latest(plan)
    initial = {"as_of": min(today, plan.period_end), "since": last.as_of if last else None}
    published = PublishedReport.objects.filter(plan__code=plan.code).defer("pdf", "xlsx", "csv")
    context = {
        "plan": plan,
        "form": ReportForm(initial=initial),
        # The same fields in the publishing form: their own ids, so each label finds its box.
        "publish_form": ReportForm(initial=initial, auto_id="publish_%s"),
        "formats": sorted(FORMATS),
        "published": published.select_related("published_by"),
        "can_publish": access.can_publish_report(request.user, plan),
    }
    return render(request, "web/plan_reports.html", context)


@require_GET
def plan_report_file(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("No such format")
    plan = _reportable_plan(request, code)
    form = ReportForm(request.GET)
    if not form.is_valid():
        errors = "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items())
        return HttpResponse(f"Bad report request: {errors}", status=400, content_type="text/plain")
    as_of: datetime.date = form.cleaned_data["as_of"]
    report = build_report(plan, as_of, form.cleaned_data["since"])
    return _download(render_file(report, fmt), fmt, f"{plan.code}_{as_of.isoformat()}")


@require_POST
def plan_report_publish(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.get_visible_plan(request.user, code)
    if not access.can_publish_report(request.user, plan):
        raise PermissionDenied
    form = ReportForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{field}: {' '.join(errors)}")
        return HttpResponseRedirect(reverse("plan-reports", args=[plan.code]))
    published = publish(plan, form.cleaned_data["as_of"], request.user, form.cleaned_data["since"])
    messages.success(request, f"Published: {published.title}.")
    return HttpResponseRedirect(reverse("plan-reports", args=[plan.code]))


@require_GET
def published_report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    published = PublishedReport.objects.select_related("plan__organisation").filter(pk=pk).first()
    if published is None or fmt not in FORMATS:
        raise Http404("No such report")
    plan: Plan = published.plan
    if not access.can_view_plan(request.user, plan):
        raise Http404("No such report")
    if not access.can_download_plan_report(request.user, plan):
        raise PermissionDenied("A plan's report is for its Secretariat and viewers.")
    name = f"{plan.code}_{published.as_of.isoformat()}_published-{published.pk}"
    return _download(published.file(fmt), fmt, name)
