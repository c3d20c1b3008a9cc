"""A KPI's figures as readers write them, in its target's terms."""

from __future__ import annotations

from decimal import Decimal

from stratmon.engine.kpi import show
from stratmon.engine.targets import Target

PERCENT_KINDS = ("share", "change", "milestone")  # their figures are fractions


def number(value: Decimal, target: Target) -> str:
    """A figure in the target's terms: shares, changes and milestones as percentages."""
    return show(value * 100, None) + "%" if target.kind in PERCENT_KINDS else show(value, None)
