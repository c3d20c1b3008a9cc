"""The data workbook on the web: upload, check, confirm and import; download the data and template.

An upload is kept under VAR_DIR/uploads/<token>/ between the check and the confirmation. The
token is random, bound to the uploader's session, used once and valid for an hour; the page
carries only the token, never a path.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from stratmon.accounts import access
from stratmon.facts.workbook import (
    ImportReport,
    WorkbookError,
    export_workbook,
    import_workbook,
    write_template,
)

MAX_UPLOAD = 50 * 1024 * 1024  # a 200,000-row workbook is about 10 MB
TOKEN_SECONDS = 3600
VIA = "web workbook"
SESSION_KEY = "workbook_uploads"
TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def _uploads() -> Path:
    return Path(settings.VAR_DIR) / "uploads"


def _require(request: HttpRequest) -> None:
    if not access.can_record_facts(request.user):
        raise PermissionDenied("Only the Secretariat records facts from a workbook.")


@require_http_methods(["GET", "POST"])
def workbook_upload(request: HttpRequest) -> HttpResponse:
    """GET: the upload form and the downloads. POST: save the workbook, check it, show the
    result (every problem, or what the import would do and a confirmation)."""
    _require(request)
    if request.method == "GET":
        return render(request, "web/workbook_upload.html", {})
    _clean_old_uploads()
    upload = request.FILES.get("workbook")
    if upload is None:
        return _page(request, error="Choose a workbook (.xlsx) to upload.")
    if upload.size is not None and upload.size > MAX_UPLOAD:
        return _page(
            request,
            error=f"{upload.name}: too large ({upload.size:,} bytes; at most 50 MB). "
            "Split the workbook and upload the parts one after the other.",
        )
    token = secrets.token_urlsafe(24)
    path = _path(token, upload.name or "workbook.xlsx")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        report = import_workbook(
            path,
            user=request.user,
            dry_run=True,
            via=VIA,
            members=access.recordable_members(request.user),
        )
    except WorkbookError as exc:
        _discard(token)
        return _page(request, failed=exc, filename=path.name)
    if not report.changed:
        _discard(token)
        return _page(request, report=report, filename=path.name)
    _remember(request, token, path.name)
    return _page(request, report=report, filename=path.name, token=token)


@require_POST
def workbook_confirm(request: HttpRequest) -> HttpResponse:
    """Import the checked workbook for real: all of it in one transaction, or nothing."""
    _require(request)
    token = request.POST.get("token", "")
    name = _take(request, token)
    if name is None:
        return _page(
            request,
            error="This upload cannot be imported: it has expired (after an hour), was already "
            "imported, or was uploaded by someone else. Upload the workbook again.",
        )
    reason = request.POST.get("reason", "")
    try:
        report = import_workbook(
            _path(token, name),
            user=request.user,
            via=VIA,
            members=access.recordable_members(request.user),
            reason=reason,
            require_reason=True,
        )
    except WorkbookError as exc:
        if all(p.column == "reason" and not p.sheet for p in exc.problems):
            # Only the reason is missing: the same upload may be confirmed with one.
            try:
                dry = import_workbook(
                    _path(token, name),
                    user=request.user,
                    dry_run=True,
                    via=VIA,
                    members=access.recordable_members(request.user),
                )
            except WorkbookError as again:  # the data changed meanwhile: show why
                exc = again
            else:
                _remember(request, token, name)
                return _page(request, report=dry, filename=name, token=token, failed=exc)
        _discard(token)
        return _page(request, failed=exc, filename=name)
    _discard(token)
    messages.success(request, f"Imported {name}: " + "; ".join(_changed_lines(report)) + ".")
    return redirect("workbook-upload")


@require_GET
def workbook_export(request: HttpRequest) -> FileResponse:
    """What the user may see of the recorded data, as `stratmon data export` writes it."""
    _require(request)
    members = access.recordable_members(request.user)
    plans = None
    if members is not None:  # not a superuser: its own Members' and plans' rows only
        plans = frozenset(access.visible_plans(request.user).values_list("code", flat=True))

    def write(path: str) -> None:
        export_workbook(path, members=members, plans=plans)

    return _download(write, f"stratmon-data-{timezone.localdate():%Y-%m-%d}.xlsx")


@require_GET
def workbook_template(request: HttpRequest) -> FileResponse:
    """The empty workbook, as `stratmon data template` writes it."""
    _require(request)
    return _download(write_template, "stratmon-data-template.xlsx")


def _download(write: Any, filename: str) -> FileResponse:
    handle, name = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        write(name)
        # Open, then unlink: the response streams from the open file, which vanishes after.
        stream = open(name, "rb")  # noqa: SIM115 - FileResponse closes it
    finally:
        os.unlink(name)
    return FileResponse(stream, as_attachment=True, filename=filename)


def _page(
    request: HttpRequest,
    *,
    error: str = "",
    failed: WorkbookError | None = None,
    report: ImportReport | None = None,
    filename: str = "",
    token: str = "",
) -> HttpResponse:
    context: dict[str, object] = {"error": error, "filename": filename, "token": token}
    if failed is not None:
        reason_problems = [p.message for p in failed.problems if p.column == "reason"]
        placed = [p for p in failed.problems if p.sheet]
        general = [p.message for p in failed.problems if not p.sheet and p.column != "reason"]
        context.update(placed=placed, general=general, reason_errors=reason_problems)
        context["problem_count"] = len(failed.problems)
    if report is not None:
        context.update(report=report, updates=report.reason_needed)
        context["reason"] = request.POST.get("reason", "")
    status = 400 if error or failed is not None else 200
    return render(request, "web/workbook_upload.html", context, status=status)


def _changed_lines(report: ImportReport) -> list[str]:
    counted = zip(report.lines(), report.counts.values(), strict=True)
    return [line for line, c in counted if c.created or c.updated]


def _path(token: str, name: str) -> Path:
    # The name as uploaded, made safe: it names the file in problems and in the history.
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(name).stem)[:80].strip("._") or "workbook"
    return _uploads() / token / f"{stem}.xlsx"


def _remember(request: HttpRequest, token: str, name: str) -> None:
    uploads = request.session.get(SESSION_KEY, {})
    uploads[token] = {"name": name, "at": time.time()}
    request.session[SESSION_KEY] = uploads


def _take(request: HttpRequest, token: str) -> str | None:
    """The file name of the session's upload `token`, forgotten from the session (used once);
    None when the token is not this session's, malformed, or expired."""
    if not TOKEN.fullmatch(token):
        return None
    uploads = request.session.get(SESSION_KEY, {})
    found = uploads.pop(token, None)
    request.session[SESSION_KEY] = uploads
    if found is None:
        return None
    if time.time() - found["at"] > TOKEN_SECONDS or not _path(token, found["name"]).exists():
        _discard(token)
        return None
    return str(found["name"])


def _discard(token: str) -> None:
    shutil.rmtree(_uploads() / token, ignore_errors=True)


def _clean_old_uploads() -> None:
    """Remove uploads older than a token lives: checked but never confirmed."""
    folder = _uploads()
    if not folder.is_dir():
        return
    limit = time.time() - TOKEN_SECONDS
    for entry in folder.iterdir():
        try:
            if entry.stat().st_mtime < limit:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        except OSError:
            continue  # another request removed it first
