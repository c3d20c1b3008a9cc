"""The plan dashboard's KPI list: filtered, sorted, each KPI a row with its trend.

The list is a fragment of the plan page (`web/dashboards/_kpi_list.html`); an htmx request
from the filter form gets the fragment alone, the same markup the full page includes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from stratmon.charts import STATUSES, Chart, status_counts_chart
from stratmon.kpis.live import trends
from stratmon.plans.models import Plan

from ..plan_tree import KpiNode, PillarNode
from .filters import ORIGINS, SORTS, KpiFilters, filter_tree, sort_key
from .rows import kpi_row

PARTIAL = "web/dashboards/_kpi_list_partial.html"


@dataclass
class KpiList:
    filters: KpiFilters
    tree: list[PillarNode]  # in plan order, less what the filters leave out
    flat: list[KpiNode]  # the same KPIs sorted by status or by how far behind; [] in plan order
    shown: int
    total: int
    described: str  # the filters in words


def is_partial(request: HttpRequest) -> bool:
    """An htmx request for the list alone; not htmx restoring a whole page from history."""
    headers = request.headers
    return headers.get("HX-Request") == "true" and headers.get("HX-History-Restore-Request") != (
        "true"
    )


def kpi_list(
    request: HttpRequest,
    plan: Plan,
    tree: list[PillarNode],
    nodes: list[KpiNode],
    as_of: datetime.date,
) -> KpiList:
    """The KPIs the query string asks for, each given its row (figures, bar, sparkline).

    Trends are read for the KPIs shown only: one call, whatever the filters.
    """
    filters = KpiFilters.parse(request.GET, [p.pillar.code for p in tree])
    shown_tree = filter_tree(tree, filters)
    shown = [k for p in shown_tree for k in p.kpi_nodes()]
    history = trends(plan, as_of, [n.kpi for n in shown]) if shown else {}
    plan_url = reverse("plan-detail", args=[plan.code])
    for node in shown:
        if node.evaluation is not None:
            node.row = kpi_row(node.evaluation, plan_url, history.get(node.kpi.pk))
    flat = sorted(shown, key=sort_key(filters.sort)) if filters.sort != "plan" else []
    return KpiList(
        filters, shown_tree, flat, len(shown), len(nodes), filters.described(plan.pillar_label)
    )


def list_choices(tree: list[PillarNode], counts: list[tuple[str, int]]) -> dict[str, object]:
    """The filter form's options, each status with its count."""
    counted = dict(counts)
    return {
        "pillars": [(p.pillar.code, p.pillar.title) for p in tree],
        "status_options": [(s, counted.get(s, 0)) for s in STATUSES],
        "origins": ORIGINS,
        "sorts": SORTS,
    }


def plan_chart(counts: list[tuple[str, int]], total: int, as_of: datetime.date) -> Chart:
    """The whole plan's status counts as one stacked bar."""
    title = f"KPI status, {as_of:%-d %b %Y}"
    return status_counts_chart(
        [(f"All {total} KPIs", dict(counts))], title, width=400, legend=False
    )


def render_partial(request: HttpRequest, context: dict[str, object]) -> HttpResponse:
    return vary(render(request, PARTIAL, context))


def vary(response: HttpResponse) -> HttpResponse:
    """The same URL answers a page or its list: caches must keep them apart."""
    patch_vary_headers(response, ["HX-Request"])
    return response
