"""The KPI page: one KPI in words, its trend chart, and the records that count.

`/plans/<code>/kpis/<kpi>/` (and `/plans/<code>/v<n>/kpis/<kpi>/` for a version), readable by
whoever reads the plan. An htmx request (paging the drill-down in place) gets the drill-down
alone; without JavaScript the same links load the whole page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from stratmon.accounts import access
from stratmon.charts import Chart
from stratmon.charts.trend import PeriodBar, Trend, TrendPoint, trend_chart
from stratmon.engine.describe import describe_period, describe_target, long_date
from stratmon.engine.kpi import CMP_WORDS, show, whole
from stratmon.facts.aggregates import Scope
from stratmon.facts.measure_rows import is_level
from stratmon.facts.models import Topic
from stratmon.kpis.live import remember, trends
from stratmon.kpis.services import KpiEvaluation
from stratmon.planfiles.describe import describe_measure
from stratmon.planfiles.measures import Measure, MeasureError, parse_measure
from stratmon.plans.models import KPI, Plan

from . import kpi_drill
from .asof import as_of_date


@dataclass(frozen=True)
class Figure:
    """A number of the summary, in words: `label` `value` (`note`)."""

    label: str
    value: str
    note: str = ""


def measure_of(kpi: KPI) -> Measure | None:
    """The KPI's measure; None when it has none (or one that no longer reads)."""
    if not kpi.measure:
        return None
    try:
        return parse_measure(kpi.measure)
    except MeasureError:
        return None


def partial(request: HttpRequest) -> bool:
    """An htmx request for the drill-down alone (not htmx restoring a page from history)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


@require_GET
def kpi_detail(
    request: HttpRequest, code: str, kpi_code: str, version: int | None = None
) -> HttpResponse:
    plan = access.get_visible_plan(request.user, code, version)
    kpi = (
        plan.kpis.select_related("action__pillar", "action__objective")
        .filter(code=kpi_code)
        .first()
    )
    if kpi is None:
        raise Http404("No such KPI in this plan")
    as_of, date_error = as_of_date(request)
    m = measure_of(kpi)
    scope = Scope(plan.organisation, kpi.action_id, plan.period_start, plan.period_end, as_of)
    query = request.GET.copy()
    page = query.pop("page", [None])[-1]
    # The records a KPI counts are the same for everyone with the same rights: listed and
    # rendered once per data version (a focal point's list is a query over 2M participations).
    audience = access.audience(request.user)
    drill_key = ("kpi-drill", kpi.pk, version, as_of, audience, page, query.urlencode())
    listing = remember(drill_key, lambda: kpi_drill.build(request.user, m, scope, kpi.pk, page))
    context: dict[str, Any] = {
        "plan": plan,
        "kpi": kpi,
        "as_of": as_of,
        "listing": listing,
        "drill_key": drill_key,
        "query": query.urlencode(),
        "version": version,
    }
    if partial(request):
        response = render(request, "web/_kpi_drilldown.html", context)
    else:
        context.update(_page(request, plan, kpi, m, as_of))
        context["date_error"] = date_error
        response = render(request, "web/kpi_detail.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _page(
    request: HttpRequest, plan: Plan, kpi: KPI, m: Measure | None, as_of: datetime.date
) -> dict[str, Any]:
    """Everything but the drill-down: the KPI in words, its figures, its trend chart."""
    series = trends(plan, as_of, [kpi])[kpi.pk]
    e = series[-1]  # the last trend date is the as-of date
    topics = {}
    if m is not None and m.source == "member_statuses":
        topics = dict(Topic.objects.filter(code=m.get("topic")).values_list("code", "name"))
    organisation = plan.organisation.short_name
    return {
        "e": e,
        "today": timezone.localdate(),
        "target_words": describe_target(e.target, kpi.deadline),
        "measure_words": describe_measure(m, topics, organisation) if m else "",
        "figures": figures(e, plan),
        "trend": trend_of(e, series, plan, kpi) if m else None,
        "history": (
            f"/history/record/kpi/{plan.code}:{kpi.code}/"
            if access.can_view_history(request.user)
            else ""
        ),
        "can_record": access.can_record_facts(request.user, plan.organisation),
    }


def _kind(e: KpiEvaluation) -> str | None:
    """How the KPI's numbers read: a milestone's progress as a share."""
    return "share" if e.target.kind == "milestone" else e.target.kind


def _shown(value: Decimal | None, e: KpiEvaluation, whole_count: bool = False) -> str:
    """A figure as the reason writes it: a share as a percentage; an expected or projected
    count as a whole number (23.5 Members expected → 24)."""
    if value is None:
        return "—"
    if whole_count and e.target.kind == "count":
        return show(whole(value))
    return show(value, _kind(e))


def figures(e: KpiEvaluation, plan: Plan) -> list[Figure]:
    """Actual, expected, projected and baseline, each with what it means."""
    r, target = e.result, e.target
    found = []
    expected_note, projected_note = (
        "at a steady pace",
        f"by {long_date(e.kpi.deadline)} at this pace",
    )
    if r.periods and target.per_months:
        period = describe_period(target.per_months).removeprefix("each ")
        last = r.periods[-1]
        if last.met is None:
            found.append(Figure("Actual", _shown(r.actual, e), f"so far in the current {period}"))
            expected_note = f"by now in the current {period}"
            projected_note = f"by {long_date(last.end)}, the end of this {period}, at this pace"
        else:
            found.append(Figure("Actual", _shown(r.actual, e), f"in the last {period}"))
    elif target.out_of is not None:
        # The live membership beside the target's own denominator (33 in "27/33").
        note = f"of {e.members} Members on {long_date(e.as_of)}"
        found.append(Figure("Actual", _shown(r.actual, e), note))
    else:
        found.append(Figure("Actual", _shown(r.actual, e), f"on {long_date(e.as_of)}"))
    found.append(Figure("Expected by now", _shown(r.expected, e, True), expected_note))
    found.append(Figure("Projected", _shown(r.projected, e, True), projected_note))
    measured = e.measured
    if measured is not None and measured.baseline is not None and e.measure is not None:
        if is_level(e.measure):
            note = f"at the plan start, {long_date(plan.period_start)}"
        else:
            note = "in the 12 months before the plan"
        found.append(Figure("Baseline", show(measured.baseline), note))
    return found


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


Y_TITLES = {
    "share": "share",
    "change": "change on the year before",
    "mean": "average score",
    "milestone": "progress",
}


def _short(text: str, size: int = 32) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def trend_of(e: KpiEvaluation, series: list[KpiEvaluation], plan: Plan, kpi: KPI) -> Chart:
    """The trend chart from the evaluations already made (no query)."""
    target, r = e.target, e.result
    percent = _kind(e) in ("share", "change", "milestone")
    threshold = float(target.value) if target.value is not None else None
    # The line's words stay short (the figures above give them in full): "target: 33".
    label = "target"
    if target.comparator is not None and target.value is not None:
        label = f"target: {CMP_WORDS[target.comparator]} {show(target.value, _kind(e))}"
    if target.kind == "milestone":
        threshold, label = 1.0, "done"
    elif r.periods and target.per_months:
        period = describe_period(target.per_months)
        label = label.replace("target:", "needed:") + f" {period}"
    y_title = Y_TITLES.get(str(target.kind), target.unit or "")
    return trend_chart(
        Trend(
            title=f"KPI {kpi.code} over time",
            plan_start=plan.period_start,
            deadline=kpi.deadline,
            points=[
                TrendPoint(
                    x.as_of, _float(x.result.actual), _float(x.result.expected), x.result.status
                )
                for x in series
            ],
            target=threshold,
            target_label=label,
            projected=_float(r.projected),
            periods=[PeriodBar(p.start, p.end, _float(p.actual), p.met) for p in r.periods],
            percent=percent,
            whole=target.kind == "count",
            y_title=_short(y_title),
        )
    )
