"""The report's participants and evaluations: the gender dashboard's charts, as plain data."""

from __future__ import annotations

import dataclasses
import datetime
import json
from typing import Any

from stratmon.charts import Chart
from stratmon.facts.people import people_figures
from stratmon.facts.people_panels import charts, tiles
from stratmon.plans.models import Member, Plan


def people_data(plan: Plan, as_of: datetime.date) -> dict[str, Any] | None:
    """The dashboard's headline figures and charts (spec and table) for the report, or None
    when no participation or evaluation is recorded in the plan's window.

    Aggregates only: no row names a Member, so the report may go to every reader of the plan.
    """
    figures = people_figures(plan, as_of, Member.objects.none())
    drawn = {name: chart for name, chart in charts(figures).items() if chart is not None}
    if not drawn:
        return None
    data = {
        "tiles": [dataclasses.asdict(t) for t in tiles(figures)],
        "charts": [
            {"spec": c.spec, "caption": c.caption, "columns": c.columns, "rows": c.rows}
            for c in drawn.values()
        ],
    }
    # Stored in published reports as JSON: numbers that are not JSON become text here.
    return dict(json.loads(json.dumps(data, default=str)))


def as_charts(people: dict[str, Any]) -> list[Chart]:
    return [Chart(**c) for c in people["charts"]]
