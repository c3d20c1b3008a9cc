"""A report model to the bytes of a file in one of the formats."""

from __future__ import annotations

from collections.abc import Callable

from .csv_report import render_csv
from .model import Report
from .pdf_report import render_pdf
from .xlsx_report import render_xlsx

FORMATS: dict[str, tuple[Callable[[Report], bytes], str]] = {
    "pdf": (render_pdf, "application/pdf"),
    "xlsx": (
        render_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
    "csv": (render_csv, "text/csv; charset=utf-8"),
}


def render(report: Report, fmt: str) -> bytes:
    return FORMATS[fmt][0](report)
