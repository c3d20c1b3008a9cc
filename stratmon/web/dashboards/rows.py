"""One KPI as a dashboard row: its figures, a progress bar, how far behind, its sparkline.

Built from evaluations the page already has (no query here), so the page's query count is
that of its evaluations.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote

from django.utils.safestring import SafeString, mark_safe

from stratmon.charts.sparkline import sparkline
from stratmon.engine.targets import Target
from stratmon.kpis.figures import number
from stratmon.kpis.services import KpiEvaluation

# Worst first: what needs attention leads, what is done comes last.
SEVERITY = ("off_track", "at_risk", "no_data", "not_started", "on_track", "achieved")
STEP = 5  # the bar is drawn in 5 % steps: one CSS class per step (the CSP forbids style="")


@dataclass(frozen=True)
class KpiRow:
    """What a KPI row shows beside the KPI and its evaluation."""

    url: str  # the KPI's own page
    actual: str  # in the target's terms ("21", "30%"); "" when there is none
    expected: str
    fill: int | None  # the bar's fill, 0–100 in steps of STEP; None: no bar
    mark: int | None  # where "expected by now" sits on the bar, likewise
    bar_label: str  # the bar in words, for screen readers
    behind: Decimal | None  # see how_far_behind
    sparkline: SafeString

    @property
    def behind_text(self) -> str:
        """`how_far_behind` in words: "18% behind", "5% ahead", "on pace"."""
        if self.behind is None:
            return ""
        percent = round(abs(self.behind) * 100)
        if percent == 0:
            return "on pace"
        return f"{percent}% {'behind' if self.behind > 0 else 'ahead'}"


def kpi_url(plan_url: str, code: str) -> str:
    """The KPI page under the plan page's URL (`/plans/<code>/kpis/<kpi>/`)."""
    return f"{plan_url}kpis/{quote(code, safe='')}/"


def scale(target: Target) -> Decimal:
    """What 100 % of the bar is: the target's value (signed: a reduction is negative), a
    milestone's completion (1), or 1 where the target has no value."""
    if target.kind == "milestone" or not target.value:
        return Decimal(1)
    return target.value


def how_far_behind(evaluation: KpiEvaluation) -> Decimal | None:
    """(expected − actual) ÷ the target's value: the share of the target the KPI lags what
    was expected by the as-of date; negative when ahead, None without both figures.

    For a maximum ("at most 48 hours") being over is behind, so the sign flips. A milestone
    compares fractions complete (÷ 1). A frequency target's figures are the running
    period's, so a period already missed shows in the status, not here.
    """
    result, target = evaluation.result, evaluation.target
    if result.actual is None or result.expected is None:
        return None
    gap = (result.expected - result.actual) / scale(target)
    return -gap if target.comparator in ("<=", "<") else gap


def _step(share: Decimal) -> int:
    """A share of the bar, 0–100, to the nearest STEP."""
    percent = min(max(share, Decimal(0)), Decimal(1)) * 100
    return int((percent / STEP).to_integral_value()) * STEP


def kpi_row(
    evaluation: KpiEvaluation, plan_url: str, history: list[KpiEvaluation] | None = None
) -> KpiRow:
    """The row of `evaluation`; `history` is its trend (oldest first) for the sparkline."""
    result, target = evaluation.result, evaluation.target
    actual = "" if result.actual is None else number(result.actual, target)
    expected = "" if result.expected is None else number(result.expected, target)
    fill = mark = None
    label = ""
    if result.actual is not None:
        fill = _step(result.actual / scale(target))
        period = " this period" if target.per_months else ""
        label = f"{actual}{period}, {fill}% of the target"
        if result.expected is not None:
            mark = _step(result.expected / scale(target))
            label += f"; {expected} expected by now"
    spark = ""
    if history:
        spark = sparkline(
            [(e.as_of, e.result.actual) for e in history],
            [(e.as_of, e.result.expected) for e in history],
            number=lambda v: number(v, target),
        )
    return KpiRow(
        url=kpi_url(plan_url, evaluation.kpi.code),
        actual=actual,
        expected=expected,
        fill=fill,
        mark=mark,
        bar_label=label,
        behind=how_far_behind(evaluation),
        # Built from numbers and escaped text only (stratmon.charts.sparkline).
        sparkline=mark_safe(spark),
    )
