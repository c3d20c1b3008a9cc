"""Checks between the cells of a row, and against the plan a row refers to."""

from __future__ import annotations

from typing import Any, Protocol

from django.utils import timezone

from stratmon.engine.milestones import done_on_problem, progress_problem
from stratmon.plans.models import KPI

from .reader import Book
from .refs import Refs
from .sheets import BY_NAME, UNIQUE_TOGETHER, Sheet
from .writer import Row

# Rows that must be unique beyond their id: (fields, the column an error is reported on).
UNIQUE = {
    name: (fields, fields[-1] if name != "member_statuses" else "effective")
    for name, fields in UNIQUE_TOGETHER.items()
}


class Errors(Protocol):
    def add(self, book: Book, sheet: Sheet, number: int, column: str, message: str) -> None: ...


def check_row(book: Book, sheet: Sheet, number: int, v: dict[str, Any], errors: Errors) -> bool:
    """Rules between the cells of one row, as the database's constraints state them."""
    if sheet.name == "activities" and v["end"] < v["start"]:
        errors.add(book, sheet, number, "end", f"ends before its start {v['start']}")
        return False
    since, until = v.get("accredited_on"), v.get("accredited_until")
    if sheet.name == "experts" and since and until and until < since:
        message = f"expires before it took effect on {since}"
        errors.add(book, sheet, number, "accredited_until", message)
        return False
    if sheet.name == "milestone_progress":
        problem = progress_problem(v["percent_complete"], v["steps_done"], v["steps_total"])
        if problem:
            column = "percent_complete" if v["percent_complete"] is not None else "steps_done"
            errors.add(book, sheet, number, column, problem)
            return False
    if sheet.name == "evaluations" and not 1 <= v["score"] <= v["scale_max"]:
        errors.add(
            book, sheet, number, "score", f"{v['score']} is outside the scale 1 to {v['scale_max']}"
        )
        return False
    return True


def check_done_dates(book: Book, rows: dict[str, list[Row]], refs: Refs, errors: Errors) -> None:
    """Drop (with an error) each milestone done in the future or long before its plan began.

    One query, only when the milestones sheet has a done date: the KPIs' plan starts.
    """
    dated = [r for r in rows.get("milestones", []) if r.values["done_on"] is not None]
    if not dated:
        return
    pks = {refs.pk["kpi"][r.key] for r in dated}
    starts = dict(KPI.objects.filter(pk__in=pks).values_list("pk", "plan__period_start"))
    today = timezone.localdate()
    bad = set()
    for row in dated:
        problem = done_on_problem(row.values["done_on"], starts[refs.pk["kpi"][row.key]], today)
        if problem:
            errors.add(book, BY_NAME["milestones"], row.number, "done_on", problem)
            bad.add(row.number)
    rows["milestones"] = [r for r in rows["milestones"] if r.number not in bad]
