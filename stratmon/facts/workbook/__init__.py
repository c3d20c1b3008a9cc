"""The data-entry workbook: template, import and export of recorded facts."""

from .exporter import export_workbook, write_template
from .importer import ImportReport, SheetCounts, import_workbook
from .reader import WorkbookError

__all__ = [
    "ImportReport",
    "SheetCounts",
    "WorkbookError",
    "export_workbook",
    "import_workbook",
    "write_template",
]
