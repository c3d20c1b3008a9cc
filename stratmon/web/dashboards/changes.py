"""The "what changed" page: every KPI of a plan whose status or figures moved between two
dates (compared by stratmon.kpis.changes), with the span to compare parsed from the URL."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from stratmon.accounts import access
from stratmon.engine.periods import periods_for
from stratmon.kpis import changes
from stratmon.kpis.changes import Comparison
from stratmon.plans.models import Plan

from .rows import kpi_url

DAYS = 90  # the default span, and the home's "last 90 days"


def plan_comparison(plan: Plan, start: datetime.date, end: datetime.date) -> Comparison:
    """`plan` as of `start` against as of `end`, each KPI linked to its page."""
    plan_url = reverse("plan-detail", args=[plan.code])
    return changes.plan_comparison(plan, start, end, lambda code: kpi_url(plan_url, code))


@dataclass
class Span:
    """The two dates of the query string, as typed, and the reason they cannot be used."""

    start: datetime.date
    end: datetime.date
    typed: dict[str, str]
    error: str = ""


def parse_span(query: QueryDict, today: datetime.date) -> Span:
    """`?from=&to=`: to defaults to today, from to 90 days before to; both must be dates,
    from before to."""
    typed = {name: query.get(name, "").strip()[:40] for name in ("from", "to")}
    dates: dict[str, datetime.date | None] = {}
    errors = []
    for name, text in typed.items():
        try:
            dates[name] = datetime.date.fromisoformat(text) if text else None
        except ValueError:
            dates[name] = None
            errors.append(f"'{text}' is not a date (YYYY-MM-DD).")
    end = dates["to"] or today
    start = dates["from"] or end - datetime.timedelta(days=DAYS)
    if not errors and start > end:
        errors.append(f"The first date ({start:%-d %b %Y}) is after the second ({end:%-d %b %Y}).")
    elif not errors and start == end:
        errors.append("The two dates are the same: pick two different dates.")
    return Span(start, end, typed, " ".join(errors))


def presets(plan: Plan, today: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    """Spans worth a click: the last 90 days, each plan year begun, the plan so far."""
    found = [("Last 90 days", today - datetime.timedelta(days=DAYS), today)]
    for period in periods_for(plan.period_start, plan.period_end, 12, plan.year_start_month):
        if period.start <= today:
            label = f"Plan year {period.start:%b %Y} – {period.end:%b %Y}"
            found.append((label, period.start, min(period.end, today)))
    found.append(("The whole plan", plan.period_start, min(plan.period_end, today)))
    return found


@require_GET
def plan_changes(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.get_visible_plan(request.user, code)
    today = timezone.localdate()
    span = parse_span(request.GET, today)
    comparison = None if span.error else plan_comparison(plan, span.start, span.end)
    context = {
        "plan": plan,
        "span": span,
        "comparison": comparison,
        "presets": presets(plan, today),
    }
    status = 400 if span.error else 200
    return render(request, "web/dashboards/changes.html", context, status=status)
