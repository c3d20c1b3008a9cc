"""Pure Python KPI engine: target grammar, plan periods, status and projection (no Django)."""

from stratmon.engine.periods import Period, period_of, periods_for, plan_years
from stratmon.engine.status import KpiInput, KpiResult, PeriodResult, evaluate
from stratmon.engine.targets import Target, parse_target

__all__ = [
    "KpiInput",
    "KpiResult",
    "Period",
    "PeriodResult",
    "Target",
    "evaluate",
    "parse_target",
    "period_of",
    "periods_for",
    "plan_years",
]
