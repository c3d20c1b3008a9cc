"""KPI evaluation's inputs and results, and the number rules its status rules share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from typing import Literal

from stratmon.engine.periods import Period
from stratmon.engine.targets import Comparator, Target, json_number

Status = Literal["achieved", "on_track", "at_risk", "off_track", "not_started", "no_data"]

ON_TRACK_FROM = Decimal("0.95")
AT_RISK_FROM = Decimal("0.85")
_PLACES = Decimal("0.0001")
CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class KpiInput:
    """What one KPI evaluation needs; all numbers in the target's own terms.

    Give the measure in one of three forms: `actual` (a total or level as of `as_of`),
    `series` (one value per period, for frequency and year-on-year targets), or
    `numerator` and `denominator` (shares and means: the mean is sum ÷ count).
    `data_points` is an optional dated history (cumulative for counts) used for the
    projection and, without `actual`, for the actual itself; points after `as_of` are ignored.
    `done_on` is a milestone's completion date. `population` is the current size of what
    `out_of` counts (Members as of `as_of`), shown in the reason and bounding the
    projection; the threshold stays the target's value.
    A milestone also takes `planned_start` (work due to begin; default the plan start),
    `progress` (dated fractions complete, 0 to 1; a 1 is done on that date) and
    `evidence` (shown beside a done milestone).
    """

    target: Target
    plan_start: date
    plan_end: date
    deadline: date
    as_of: date
    year_start_month: int = 1
    baseline: Decimal | None = None
    actual: Decimal | None = None
    series: Sequence[tuple[Period, Decimal]] = ()
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    data_points: Sequence[tuple[date, Decimal]] = ()
    done_on: date | None = None
    population: Decimal | None = None
    planned_start: date | None = None
    progress: Sequence[tuple[date, Decimal]] = ()
    evidence: str = ""


@dataclass(frozen=True)
class PeriodResult:
    """One period of a periodic target; `met` is None while the period is still running."""

    start: date
    end: date
    actual: Decimal | None
    met: bool | None

    def to_json(self) -> dict[str, object]:
        """The KPI JSON's period entry."""
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "actual": json_number(self.actual),
            "met": self.met,
        }


@dataclass(frozen=True)
class KpiResult:
    """The evaluation of one KPI as of a date, with its reason in plain words."""

    status: Status
    reason: str
    actual: Decimal | None = None
    expected: Decimal | None = None
    projected: Decimal | None = None
    periods: tuple[PeriodResult, ...] = field(default=())

    def to_json(self) -> dict[str, object]:
        """CONTRACT.md's KPI JSON fields actual/expected/projected/status/reason/periods."""
        return {
            "actual": json_number(self.actual),
            "expected": json_number(self.expected),
            "projected": json_number(self.projected),
            "status": self.status,
            "reason": self.reason,
            "periods": [p.to_json() for p in self.periods],
        }


def meets(actual: Decimal, comparator: Comparator, threshold: Decimal) -> bool:
    """Exact threshold test: "at least 27" is met by 27, "at most 48" by 48."""
    if comparator == ">=":
        return actual >= threshold
    if comparator == "<=":
        return actual <= threshold
    if comparator == ">":
        return actual > threshold
    return actual < threshold


def rounded(number: Decimal | None) -> Decimal | None:
    """Four decimal places, enough for shares (0.2500) and means; None stays None."""
    return None if number is None else number.quantize(_PLACES)


def show(number: Decimal, kind: str | None = None) -> str:
    """A number for a reason: a share as a percentage, others with at most two decimals."""
    if kind == "share" or kind == "change":
        return f"{trim(number * 100)}%"
    return trim(number)


def trim(number: Decimal) -> str:
    text = f"{number.quantize(Decimal('0.01')):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


CMP_WORDS: dict[str, str] = {">=": "at least", "<=": "at most", ">": "more than", "<": "less than"}


def trend_at(points: Sequence[tuple[date, Decimal]], when: date) -> Decimal | None:
    """Least-squares line through dated points, read at `when`; None for under two dates."""
    if len({d for d, _ in points}) < 2:
        return None
    xs = [Decimal(d.toordinal()) for d, _ in points]
    ys = [v for _, v in points]
    mean_x = sum(xs, Decimal(0)) / len(xs)
    mean_y = sum(ys, Decimal(0)) / len(ys)
    spread = sum(((x - mean_x) ** 2 for x in xs), Decimal(0))
    products = ((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sum(products, Decimal(0)) / spread
    return mean_y + slope * (Decimal(when.toordinal()) - mean_x)


def whole(number: Decimal) -> Decimal:
    """A count rounded to a whole, halves up (23.5 expected Members → 24)."""
    return number.quantize(Decimal(1), rounding=ROUND_HALF_UP)
