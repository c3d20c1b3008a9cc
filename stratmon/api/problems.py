"""Errors as JSON problem details (RFC 9457): a status, a title, a sentence saying what to
correct, and `errors` naming the field (or sheet, row and column) at fault. Bad input is a
4xx with a reason, never a 500."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from stratmon.facts.workbook.reader import WorkbookError

CONTENT_TYPE = "application/problem+json"
TITLES = {
    400: "Invalid input",
    401: "Not authenticated",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Too large",
    415: "Unsupported media type",
    429: "Too many requests",
    500: "Server error",
    503: "Busy, try again",
}


class Problem(exceptions.APIException):
    """A problem a view raises with its own status and the fields at fault."""

    def __init__(self, status_code: int, detail: str, errors: list[dict[str, Any]] | None = None):
        super().__init__(detail)
        self.status_code = status_code
        self.errors = errors or []


def body(status_code: int, detail: str, errors: list[dict[str, Any]] | None = None) -> dict:
    return {
        "type": "about:blank",
        "title": TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": detail,
        "errors": errors or [],
    }


def workbook_errors(exc: WorkbookError) -> list[dict[str, Any]]:
    """A workbook's problems as `errors`: sheet, row (from 1) and column, as the web says them."""
    found = []
    for p in exc.problems:
        found.append(
            {
                "field": p.column or None,
                "sheet": p.sheet or None,
                "row": p.row or None,
                "message": p.message,
            }
        )
    if not found:
        found = [{"field": None, "sheet": None, "row": None, "message": m} for m in exc.errors]
    return found


def _field_errors(detail: Any, prefix: str = "") -> list[dict[str, Any]]:
    """DRF's nested error detail flattened to `{field: "a.b.0", message}` entries."""
    if isinstance(detail, dict):
        found = []
        for key, value in detail.items():
            name = "" if key == "non_field_errors" else str(key)
            found += _field_errors(value, f"{prefix}.{name}".strip(".") if name else prefix)
        return found
    if isinstance(detail, list):
        if all(not isinstance(v, dict | list) for v in detail):
            return [{"field": prefix or None, "message": str(v)} for v in detail]
        found = []
        for i, value in enumerate(detail):
            found += _field_errors(value, f"{prefix}.{i}".strip("."))
        return found
    return [{"field": prefix or None, "message": str(detail)}]


def handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, answering in problem details."""
    if isinstance(exc, WorkbookError):
        errors = workbook_errors(exc)
        return _respond(status.HTTP_400_BAD_REQUEST, errors[0]["message"], errors)
    if isinstance(exc, Problem):
        return _respond(exc.status_code, str(exc.detail), exc.errors)
    if isinstance(exc, RequestDataTooBig):
        # Django refuses a body past DATA_UPLOAD_MAX_MEMORY_SIZE when DRF first reads it.
        return _respond(
            413, "The request's body is too large (files go in a multipart upload).", []
        )
    if isinstance(exc, SuspiciousOperation):  # too many fields or files in a form
        return _respond(400, str(exc) or "The request is malformed.", [])
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or "Not found.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "You may not do this.")
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        detail = "; ".join(
            f"{e['field']}: {e['message']}" if e["field"] else e["message"] for e in errors[:3]
        )
        problem = _respond(400, detail or "Invalid input.", errors)
    else:
        problem = _respond(response.status_code, str(exc.detail), [])
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            problem[header] = response[header]
    return problem


def _respond(status_code: int, detail: str, errors: list[dict[str, Any]]) -> Response:
    data = body(status_code, detail, errors)
    return Response(data, status=status_code, content_type=CONTENT_TYPE)


def problem_response(status_code: int, detail: str) -> JsonResponse:
    """A problem answered outside DRF's views (a 404 of no view, a busy database)."""
    return JsonResponse(body(status_code, detail), status=status_code, content_type=CONTENT_TYPE)


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A 404 outside any view: JSON under /api/, Django's page elsewhere."""
    if is_api(request):
        return problem_response(
            404, "No such address in the API: see /api/schema/ for the ones there are."
        )
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return problem_response(500, "StratMon failed on this request; the error is logged.")
    return defaults.server_error(request)
