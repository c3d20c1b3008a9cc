"""Upload recorded facts: a data workbook (.xlsx) or one sheet as a .csv file, checked whole
and imported all or nothing, as the web's workbook upload does (stratmon/web/workbook_upload.py)
and with the same limits; `dry_run` says what it would do and writes nothing."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import parsers, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from stratmon.accounts import access
from stratmon.facts.workbook import ImportReport, WorkbookError, import_workbook
from stratmon.facts.workbook.sheets import BY_NAME, SHEETS
from stratmon.web.workbook_upload import MAX_UPLOAD

from ..busy import BUSY_RESPONSE, busy_response, is_busy
from ..problems import CONTENT_TYPE, Problem, workbook_errors
from ..rows_schema import SafeTextField
from ..schema import ProblemSerializer

VIA = "api"
# `{file}:{sheet}[:{row}:{column}]: message`: how the reader places a problem with the file's
# layout (an unknown sheet or column, a missing required column).
PLACED = re.compile(r"(?P<sheet>[^:\s][^:]*)(?::(?P<row>\d+):(?P<column>[^:]*))?: (?P<message>.+)")
CSV_ROW = re.compile(r"(?P<row>\d+): (?P<message>.+)")


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=False,
        help_text="a data workbook (.xlsx, as `stratmon data template` writes it) or one "
        f"sheet as a UTF-8 .csv file; {MAX_UPLOAD // 2**20} MB at most",
    )
    sheet = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text="a .csv file's sheet, e.g. member_statuses (default: the file name's stem)",
    )
    dry_run = serializers.BooleanField(
        default=False, help_text="check and count only: nothing is written"
    )
    reason = SafeTextField(
        required=False,
        allow_blank=True,
        default="",
        max_length=2000,
        help_text="why: required when a recorded fact changes (kept in the change history)",
    )


class SheetCountsSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class UploadReportSerializer(serializers.Serializer):
    file = serializers.CharField(help_text="the file as named in the change history")
    dry_run = serializers.BooleanField()
    changed = serializers.BooleanField(help_text="whether any record is (or would be) written")
    reason_needed = serializers.BooleanField(help_text="whether a recorded fact changes")
    rows = serializers.IntegerField(help_text="the rows read")
    counts = serializers.DictField(child=SheetCountsSerializer(), help_text="by sheet")
    keys = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="by sheet, the ids of the records created, then of those updated",
    )


def _stem(name: str) -> str:
    """The uploaded name made safe: it names the file in problems and in the history."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(name).stem)[:80].strip("._")
    return stem or "upload"


def _sheet_of(chosen: str, name: str) -> str:
    sheet = (chosen or Path(name).stem).strip().lower()
    if sheet not in BY_NAME:
        known = ", ".join(s.name for s in SHEETS)
        message = f"{sheet[:40]!r} is not a sheet; the sheets are: {known}"
        raise Problem(400, f"sheet: {message}", [{"field": "sheet", "message": message}])
    return sheet


def _placed(exc: WorkbookError, label: str, sheet: str) -> list[dict[str, Any]]:
    """Every problem with its sheet, row and column, those about the file's layout too (the
    reader says them as `file:sheet:row:column: message`)."""
    found = workbook_errors(exc)
    prefix = f"{label}:"
    for error in found:
        text = error["message"]
        if error["sheet"] or not text.startswith(prefix):
            continue
        rest = text[len(prefix) :]
        match = (CSV_ROW.fullmatch(rest) if sheet else None) or PLACED.fullmatch(rest)
        if match is None:
            error["sheet"] = sheet or None
            continue
        parts = match.groupdict()
        error["sheet"] = parts.get("sheet") or sheet or None
        error["row"] = int(parts["row"]) if parts.get("row") else None
        error["field"] = parts.get("column") or None
        error["message"] = parts["message"]
    return found


def _report(report: ImportReport, name: str) -> dict[str, Any]:
    return {
        "file": name,
        "dry_run": report.dry_run,
        "changed": report.changed,
        "reason_needed": report.reason_needed,
        "rows": report.rows,
        "counts": {
            sheet: {"created": c.created, "updated": c.updated, "unchanged": c.unchanged}
            for sheet, c in report.counts.items()
        },
        "keys": report.keys,
    }


class FactsUpload(APIView):
    parser_classes = [parsers.MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={
            200: UploadReportSerializer,
            (413, CONTENT_TYPE): OpenApiResponse(ProblemSerializer, description="Too large"),
            **BUSY_RESPONSE,
        },
    )
    def post(self, request: Request) -> Response:
        """Record facts from a workbook or a CSV file (the Secretariat): every row is checked
        first, and all are written in one transaction, or none. Every problem comes back with
        its sheet, row (as the file numbers it: 1 is the header) and column. Rows may name
        only your organisation's Members; changing a recorded fact needs a `reason`, in a dry
        run too, so that a dry run answers what the upload itself would."""
        if not access.can_record_facts(request.user):
            raise Problem(403, "Only the Secretariat records facts from a workbook.")
        body = UploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        upload, data = body.validated_data["file"], body.validated_data
        if upload.size is not None and upload.size > MAX_UPLOAD:
            raise Problem(
                413,
                f"file: too large ({upload.size:,} bytes; at most {MAX_UPLOAD // 2**20} MB): "
                "split it and upload the parts one after the other",
                [{"field": "file", "message": "too large"}],
            )
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in (".xlsx", ".csv"):
            message = "send a data workbook (.xlsx) or one sheet as a .csv file"
            raise Problem(400, f"file: {message}", [{"field": "file", "message": message}])
        if data.get("sheet") and suffix != ".csv":
            message = "only for a .csv file: a workbook names its own sheets"
            raise Problem(400, f"sheet: {message}", [{"field": "sheet", "message": message}])
        sheet = _sheet_of(data.get("sheet", ""), upload.name) if suffix == ".csv" else ""
        stem = _stem(upload.name)
        with tempfile.TemporaryDirectory(prefix="stratmon-api-upload-") as folder:
            if sheet:
                path = Path(folder) / stem
                target, label, name = path / f"{sheet}.csv", f"{stem}/{sheet}.csv", stem
            else:
                path = target = Path(folder) / f"{stem}.xlsx"
                label = name = target.name
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            try:
                report = import_workbook(
                    path,
                    user=request.user,
                    dry_run=data["dry_run"],
                    via=VIA,
                    reason=data["reason"],
                    require_reason=True,
                    members=access.recordable_members(request.user),
                )
            except WorkbookError as exc:
                if is_busy(exc):
                    return busy_response()
                errors = _placed(exc, label, sheet)
                count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
                detail = f"{count}; nothing was imported. First: {errors[0]['message']}"
                raise Problem(400, detail, errors) from None
        return Response(_report(report, name))
