"""The report's Member × topic matrix: the heat map's data (stratmon.kpis.heatmap) as plain,
JSON-ready data, and each cell in words and symbols for the renderers.

Rows are the organisation's Members on the as-of date grouped by sub-region; columns its
Member-status KPIs; a cell says whether the KPI counts the Member and since when.
"""

from __future__ import annotations

import datetime
from typing import Any

from stratmon.kpis.heatmap import COLOURS, STATES, STATUS_WORDS, SYMBOLS, Cell, build_heatmap
from stratmon.plans.models import Plan

__all__ = ["COLOURS", "STATES", "SYMBOLS", "cell_label", "cell_symbol", "matrix_data"]


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def matrix_data(plan: Plan, as_of: datetime.date) -> dict[str, Any] | None:
    """The matrix of `plan` as of `as_of`, or None when the plan has no Member-status KPI."""
    heatmap = build_heatmap(plan, as_of, "subregion")
    if not heatmap.columns:
        return None
    columns = [
        {
            "kpi": c.evaluation.kpi.code,
            "title": c.short,
            "topic": c.topic.code if c.topic else "",
            "counted": c.counted,
            "status": c.evaluation.result.status,
        }
        for c in heatmap.columns
    ]
    groups = [
        {
            "name": g.name,
            "rows": [
                {
                    "member": r.member.name,
                    "iso3": r.member.iso3,
                    "achieved": r.achieved,
                    "cells": [
                        {
                            "state": cell.state,
                            "status": cell.status,
                            "since": _iso(cell.since),
                            "counted_on": _iso(cell.counted_on),
                        }
                        for cell in r.cells
                    ],
                }
                for r in g.rows
            ],
        }
        for g in heatmap.groups
    ]
    return {"columns": columns, "groups": groups}


def _cell(data: dict[str, Any]) -> Cell:
    def day(key: str) -> datetime.date | None:
        return datetime.date.fromisoformat(data[key]) if data[key] else None

    return Cell(data["state"], "", data["status"], day("since"), day("counted_on"))


def cell_symbol(data: dict[str, Any]) -> str:
    """The heat map's symbol of a stored cell (✓ counted or achieved, ◐ in progress, …)."""
    return _cell(data).symbol


def cell_label(data: dict[str, Any]) -> str:
    """A stored cell in words: "counted from 3 Mar 2023 (achieved)", "no status"."""
    return _cell(data).label


def cell_text(data: dict[str, Any]) -> str:
    """A cell as a workbook shows it: symbol, then "counted" and the day it got there, or
    the status in force, or "no status"."""
    cell = _cell(data)
    if cell.state == "in":
        day = f" {cell.counted_on.isoformat()}" if cell.counted_on else ""
        return f"{cell.symbol} counted{day}"
    if cell.state == "out":
        return f"{cell.symbol} {STATUS_WORDS[cell.status].lower()}"
    return f"{cell.symbol} no status"
