"""Mark a milestone KPI done (or not done) from its plan page, with an optional progress report.

The form's values go to save_records as rows of the workbook's `milestones` and
`milestone_progress` sheets, so the web checks a date exactly as an imported workbook does.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from stratmon.accounts import access
from stratmon.facts.records import save_records
from stratmon.facts.workbook import WorkbookError
from stratmon.plans.models import KPI

VIA = "plan page"
DATE = forms.DateInput(attrs={"type": "date"})
NUMBER = forms.NumberInput(attrs={"min": 0})
PROGRESS = ("percent_complete", "steps_done", "steps_total", "note", "progress_evidence")
# Form field ← (sheet, column) of a problem save_records reports.
FIELDS = {
    ("milestones", "done_on"): "done_on",
    ("milestones", "evidence"): "evidence",
    ("milestone_progress", "reported_on"): "reported_on",
    ("milestone_progress", "percent_complete"): "percent_complete",
    ("milestone_progress", "steps_done"): "steps_done",
    ("milestone_progress", "steps_total"): "steps_total",
    ("milestone_progress", "note"): "note",
    ("milestone_progress", "evidence"): "progress_evidence",
    ("", "reason"): "reason",
}


class MilestoneForm(forms.Form):
    """Text as typed: every value is checked by the workbook's rules, not by the form."""

    done_on = forms.CharField(required=False, widget=DATE, label="Done on")
    evidence = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reported_on = forms.CharField(required=False, widget=DATE, label="Reported on")
    percent_complete = forms.CharField(required=False, widget=NUMBER, label="Percent complete")
    steps_done = forms.CharField(required=False, widget=NUMBER, label="Steps done")
    steps_total = forms.CharField(required=False, widget=NUMBER, label="of steps in all")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    progress_evidence = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Evidence of progress"
    )
    reason = forms.CharField(required=False, max_length=500)


@require_http_methods(["GET", "POST"])
def milestone_done(request: HttpRequest, code: str, kpi_code: str) -> HttpResponse:
    """GET: the form. POST: save the done date, evidence and progress, back to the plan."""
    plan = access.get_visible_plan(request.user, code)
    if not access.can_record_facts(request.user, plan.organisation):
        raise PermissionDenied("Only the Secretariat of the plan's organisation records facts.")
    kpi = plan.kpis.select_related("action").filter(code=kpi_code).first()
    if kpi is None or (kpi.measure or {}).get("source") != "milestone":
        raise Http404("No such milestone KPI in this plan")
    recorded = kpi.done_on is not None or bool(kpi.evidence)
    today = timezone.localdate()
    if request.method == "GET":
        initial = {"done_on": kpi.done_on or "", "evidence": kpi.evidence, "reported_on": today}
        form = MilestoneForm(initial=initial)
    else:
        form = MilestoneForm(request.POST)
        if form.is_valid():
            key = f"{plan.code}:{kpi.code}"
            try:
                report = save_records(
                    _rows(key, form.cleaned_data),
                    user=request.user,
                    via=VIA,
                    source=key,
                    reason=form.cleaned_data["reason"],
                )
            except WorkbookError as exc:
                _place(form, exc)
            else:
                if report.changed:
                    messages.success(request, _said(kpi, form.cleaned_data))
                else:
                    messages.info(request, f"{kpi.code}: nothing changed.")
                url = reverse("plan-detail", kwargs={"code": plan.code})
                return HttpResponseRedirect(f"{url}#kpi-{kpi.code}")
    context = {"plan": plan, "kpi": kpi, "form": form, "recorded": recorded, "today": today}
    return render(request, "web/milestone_done.html", context, status=400 if form.errors else 200)


def _rows(key: str, data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {
        "milestones": [{"kpi": key, "done_on": data["done_on"], "evidence": data["evidence"]}]
    }
    if any(data[name].strip() for name in PROGRESS):
        progress = {name: data[name] for name in PROGRESS if name != "progress_evidence"}
        rows["milestone_progress"] = [
            {
                "kpi": key,
                "reported_on": data["reported_on"],
                **progress,
                "evidence": data["progress_evidence"],
            }
        ]
    return rows


def _place(form: MilestoneForm, exc: WorkbookError) -> None:
    """Each problem at its field; the rest (if any) above the form."""
    for p in exc.problems:
        form.add_error(FIELDS.get((p.sheet, p.column)), p.message)


def _said(kpi: KPI, data: dict[str, Any]) -> str:
    done = data["done_on"].strip()
    what = f"{kpi.code} marked done on {done}" if done else f"{kpi.code} saved as not done"
    if any(data[name].strip() for name in PROGRESS):
        what += ", with a progress report"
    return what + "."
