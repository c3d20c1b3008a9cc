"""The report as CSV: one row per KPI, the KPI JSON's fields flattened.

Nested objects become dotted columns (`target.kind`); lists and the measure stay JSON in one
cell (`periods`, `measure`); a null is an empty cell; booleans are `true`/`false`, as in
JSON. `read_csv` turns such a file back into KPI JSON, so scripts need not guess.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .model import Report

TARGET_FIELDS = (
    "text",
    "parsed",
    "kind",
    "comparator",
    "value",
    "out_of",
    "unit",
    "per_months",
    "by",
)
COLUMNS = (
    "plan",
    "pillar",
    "action",
    "kpi",
    "text",
    *(f"target.{f}" for f in TARGET_FIELDS),
    "deadline",
    "as_of",
    "actual",
    "expected",
    "projected",
    "status",
    "reason",
    "periods",
    "members",
    "origin",
    "measure",
    "evidence",
)
_JSON_CELLS = ("periods", "measure")
_TEXT_CELLS = {"plan", "pillar", "action", "kpi", "text", "target.text", "target.kind",
               "target.comparator", "target.unit", "target.by", "deadline", "as_of", "status",
               "reason", "origin", "evidence"}  # fmt: skip


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def kpi_row(kpi: dict[str, Any]) -> list[str]:
    """One KPI's JSON as a CSV row in COLUMNS order."""
    flat = {k: v for k, v in kpi.items() if k != "target"}
    flat.update({f"target.{f}": kpi["target"].get(f) for f in TARGET_FIELDS})
    for name in _JSON_CELLS:
        flat[name] = json.dumps(flat[name], sort_keys=True) if flat.get(name) is not None else None
    return [_cell(flat.get(c)) for c in COLUMNS]


def render_csv(report: Report) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens accented names correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for kpi in report.kpis:
        writer.writerow(kpi_row(kpi))
    return out.getvalue().encode("utf-8-sig")


def _value(column: str, text: str) -> Any:
    if text == "":
        return None
    if column in _JSON_CELLS:
        return json.loads(text)
    if column in _TEXT_CELLS:
        return text
    if text in ("true", "false"):
        return text == "true"
    number = float(text)
    return int(number) if number.is_integer() and "." not in text else number


def read_csv(data: bytes) -> list[dict[str, Any]]:
    """The KPI JSON of every row of a report's CSV (the inverse of `render_csv`)."""
    rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig")))
    kpis = []
    for row in rows:
        kpi: dict[str, Any] = {"target": {}}
        for column, text in row.items():
            value = _value(column, text)
            if column.startswith("target."):
                kpi["target"][column.removeprefix("target.")] = value
            else:
                kpi[column] = value
        kpis.append(kpi)
    return kpis
