"""What changed in a plan between two dates: every KPI whose status or figures moved.

Both dates are evaluated whole (two evaluations, whatever the data) and compared KPI by KPI.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from stratmon.accounts import access
from stratmon.engine.kpi import show
from stratmon.engine.periods import periods_for
from stratmon.kpis.live import plan_evaluations
from stratmon.kpis.services import KpiEvaluation
from stratmon.plans.models import Plan

from .rows import PERCENT_KINDS, kpi_url, number

DAYS = 90  # the default span, and the home's "last 90 days"
# Better and worse among the statuses that judge progress (no data and not started do not).
PROGRESS = ("off_track", "at_risk", "on_track", "achieved")


@dataclass(frozen=True)
class Moved:
    """One KPI on both dates."""

    before: KpiEvaluation
    after: KpiEvaluation
    url: str  # the KPI's page

    @property
    def kpi(self) -> Any:
        return self.after.kpi

    @property
    def status_changed(self) -> bool:
        return self.before.result.status != self.after.result.status

    @property
    def actual_changed(self) -> bool:
        return self.before.result.actual != self.after.result.actual

    @property
    def direction(self) -> str:
        """Better or worse, when both statuses judge progress; else "" (no data, not started)."""
        old, new = self.before.result.status, self.after.result.status
        if old == new or old not in PROGRESS or new not in PROGRESS:
            return ""
        return "better" if PROGRESS.index(new) > PROGRESS.index(old) else "worse"

    def figure(self, which: str) -> str:
        """The figures on one date ("before" or "after"): "21 · expected 27"; "" without
        an actual."""
        result = getattr(self, which).result
        if result.actual is None:
            return ""
        text = number(result.actual, self.after.target)
        if result.expected is not None:
            text += f" · expected {number(result.expected, self.after.target)}"
        return text

    @property
    def before_figure(self) -> str:
        return self.figure("before")

    @property
    def after_figure(self) -> str:
        return self.figure("after")

    @property
    def delta(self) -> str:
        """The actual's change: "+3", "−2", "+5.2 points" for percentages; "" if unknown."""
        old, new = self.before.result.actual, self.after.result.actual
        if old is None or new is None or old == new:
            return ""
        change = new - old
        points = self.after.target.kind in PERCENT_KINDS
        text = show(abs(change) * 100, None) + " points" if points else show(abs(change), None)
        return ("+" if change > 0 else "−") + text


@dataclass
class Comparison:
    """The KPIs that moved, in plan order, in three groups."""

    status: list[Moved]  # their status changed
    actual: list[Moved]  # same status, another actual
    expected: list[Moved]  # only what was expected by then moved (time passing)

    @property
    def count(self) -> int:
        return len(self.status) + len(self.actual) + len(self.expected)

    def directions(self) -> dict[str, int]:
        found = {"better": 0, "worse": 0}
        for moved in self.status:
            if moved.direction:
                found[moved.direction] += 1
        return found


def compare(before: list[KpiEvaluation], after: list[KpiEvaluation], plan_url: str) -> Comparison:
    """The KPIs of two evaluations of the same KPIs (in the same order) that differ in
    status, actual or expected."""
    found = Comparison([], [], [])
    for old, new in zip(before, after, strict=True):
        moved = Moved(old, new, kpi_url(plan_url, new.kpi.code))
        if moved.status_changed:
            found.status.append(moved)
        elif moved.actual_changed:
            found.actual.append(moved)
        elif old.result.expected != new.result.expected:
            found.expected.append(moved)
    return found


def plan_comparison(plan: Plan, start: datetime.date, end: datetime.date) -> Comparison:
    """`plan` as of `start` against as of `end`."""
    after = plan_evaluations(plan, end)
    before = plan_evaluations(plan, start, [e.kpi for e in after])
    return compare(before, after, reverse("plan-detail", args=[plan.code]))


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
