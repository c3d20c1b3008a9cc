"""A plan's published reports as pages list them, and their figures revised since.

Read once per data version (`stratmon.kpis.live.remember`): publishing writes a watched
table, so a new report, like a corrected fact, is seen by the next request.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from stratmon.kpis.live import remember
from stratmon.kpis.services import KpiEvaluation
from stratmon.plans.models import Plan

from .models import PublishedReport
from .revisions import Figures, Revision, figures, published_figures, revisions


@dataclass(frozen=True)
class Published:
    """A published report without its data or files."""

    pk: int
    as_of: datetime.date
    since: datetime.date | None
    published_at: datetime.datetime
    title: str


@dataclass(frozen=True)
class Compared:
    """The published report the page's figures are compared with, and what was revised."""

    report: Published
    revised: dict[str, Revision]


def published_reports(plan: Plan) -> list[Published]:
    """The plan's published reports (every version of it), latest as-of date first, then
    the latest published; one query per data version."""

    def read() -> list[Published]:
        rows = PublishedReport.objects.filter(plan__code=plan.code).order_by(
            "-as_of", "-published_at", "-pk"
        )
        return [
            Published(*row)
            for row in rows.values_list("pk", "as_of", "since", "published_at", "title")
        ]

    return remember(("published-reports", plan.code), read)


def _figures(pk: int) -> dict[str, Figures]:
    """The KPI figures of one published report (its data read once per data version)."""

    def read() -> dict[str, Figures]:
        data = PublishedReport.objects.filter(pk=pk).values_list("data", flat=True).first()
        return published_figures(data or {})

    return remember(("published-figures", pk), read)


def compare(
    plan: Plan, as_of: datetime.date, evaluations: Sequence[KpiEvaluation]
) -> Compared | None:
    """Today's `evaluations` of `plan` as of `as_of` against the report published as of that
    very date (its latest publication), or None when none was.

    Only the same date compares: figures of another date differ because time passed, not
    because a published figure was corrected.
    """
    report = next((r for r in published_reports(plan) if r.as_of == as_of), None)
    if report is None:
        return None
    now = [{"kpi": e.kpi.code, **figures(e.result.to_json())} for e in evaluations]
    return Compared(report, revisions(_figures(report.pk), now, report.published_at, as_of))
