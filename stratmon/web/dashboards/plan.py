"""The plan dashboard's KPI list: filtered, sorted, each KPI a row with its trend.

The list is a fragment of the plan page (`web/dashboards/_kpi_list.html`); an htmx request
from the filter form gets the fragment alone, the same markup the full page includes.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

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
    shown_tree: list[PillarNode]  # in plan order, less what the filters leave out
    shown: int
    total: int
    described: str  # the filters in words
    # Gives the shown KPIs their rows and returns them sorted ([] in plan order): run only
    # when the list is rendered, not when it comes from the cache (the `fragment` key).
    fill: Callable[[], list[KpiNode]]
    fragment: tuple[object, ...] | None = None

    @cached_property
    def flat(self) -> list[KpiNode]:
        """The shown KPIs sorted by status or by how far behind; [] in plan order."""
        return self.fill()

    @property
    def tree(self) -> list[PillarNode]:
        self.flat  # noqa: B018  (the rows the tree's KPIs show)
        return self.shown_tree

    @property
    def sorted(self) -> bool:
        return self.filters.sort != "plan" and self.shown > 0


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
    """The KPIs the query string asks for, each given its row (figures, bar, sparkline)
    when the list is rendered.

    Trends are read for the KPIs shown only: one call, whatever the filters.
    """
    filters = KpiFilters.parse(request.GET, [p.pillar.code for p in tree])
    shown_tree = filter_tree(tree, filters)
    shown = [k for p in shown_tree for k in p.kpi_nodes()]

    def fill() -> list[KpiNode]:
        history = trends(plan, as_of, [n.kpi for n in shown]) if shown else {}
        plan_url = reverse("plan-detail", args=[plan.code])
        for node in shown:
            if node.evaluation is not None:
                node.row = kpi_row(node.evaluation, plan_url, history.get(node.kpi.pk))
        return sorted(shown, key=sort_key(filters.sort)) if filters.sort != "plan" else []

    described = filters.described(plan.pillar_label)
    return KpiList(filters, shown_tree, len(shown), len(nodes), described, fill)


def list_fragment(
    kpis: KpiList, plan: Plan, as_of: datetime.date, can_record: bool, preview: object
) -> tuple[object, ...] | None:
    """The key of the rendered list (`{% datacached %}`): everything it shows besides the
    data; None while previewing unapproved submissions, which is never kept."""
    if preview is not None:
        return None
    f = kpis.filters
    chosen = (f.pillar, f.status, f.origin, f.q, f.sort, f.revised, tuple(f.errors))
    return ("plan-kpi-list", plan.pk, plan.version, as_of, can_record, chosen)


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
