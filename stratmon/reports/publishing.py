"""Publishing a report, and what changed since in the figures it published."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from stratmon.history.models import Change
from stratmon.history.recording import record_change
from stratmon.plans.models import Plan

from .build import build_report
from .csv_report import render_csv
from .models import PublishedReport
from .pdf_report import render_pdf
from .revisions import changed_kpis, published_figures
from .xlsx_report import render_xlsx


@transaction.atomic
def publish(
    plan: Plan, as_of: datetime.date, user: Any, since: datetime.date | None = None
) -> PublishedReport:
    """Build the report as of `as_of`, render its three files and keep them, with its data.

    `since` defaults to the as-of date of the plan's last published report.
    """
    report = build_report(plan, as_of, since)
    published = PublishedReport.objects.create(
        plan=plan,
        as_of=as_of,
        since=report.since,
        title=f"{plan.title}: progress report as of {as_of:%-d %B %Y}",
        published_by=user if getattr(user, "pk", None) else None,
        data=report.to_data(),
        pdf=render_pdf(report),
        xlsx=render_xlsx(report),
        csv=render_csv(report),
    )
    record_change(
        user=user,
        via="web",
        model=PublishedReport,
        verb=Change.Verb.CREATED,  # a published report is a new record, never changed
        refs=[f"{plan.code}@{as_of.isoformat()}#{published.pk}"],
        details={"plan": plan.code, "as_of": as_of.isoformat()},
        organisation=plan.organisation,
    )
    return published


def latest(plan: Plan, before: datetime.date | None = None) -> PublishedReport | None:
    """The plan's last published report (as of a date before `before`, if given)."""
    reports = PublishedReport.objects.filter(plan__code=plan.code).defer("pdf", "xlsx", "csv")
    if before is not None:
        reports = reports.filter(as_of__lt=before)
    return reports.order_by("-as_of", "-published_at").first()


def revisions(published: PublishedReport, now: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """{KPI code: the published KPI JSON} for each KPI whose figures differ in `now`.

    `now` is the KPI JSON as of the published report's as-of date, evaluated today: a
    difference means facts dated on or before that date were corrected after publishing.
    """
    then = {k["kpi"]: k for p in published.data.get("pillars", ()) for k in p["kpis"]}
    return {code: then[code] for code in changed_kpis(published_figures(published.data), now)}
