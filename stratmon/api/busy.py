"""A write that found the database busy is a 503 problem with `Retry-After`, as the web's
middleware answers one (stratmon.web.middleware): the import service says it as a
WorkbookError, which would otherwise read as the caller's bad input (400)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse
from rest_framework.response import Response

from stratmon.concurrency import BUSY
from stratmon.facts.workbook.reader import WorkbookError

from .problems import CONTENT_TYPE, body
from .schema import ProblemSerializer

RETRY_SECONDS = "60"
# The response to add to a writing operation's schema.
BUSY_RESPONSE = {
    (503, CONTENT_TYPE): OpenApiResponse(ProblemSerializer, description="Busy, try again")
}


def is_busy(exc: WorkbookError) -> bool:
    return exc.unreadable and any(BUSY in e for e in exc.errors)


def busy_response() -> Response:
    response = Response(body(503, f"StratMon: {BUSY}."), status=503, content_type=CONTENT_TYPE)
    response["Retry-After"] = RETRY_SECONDS
    return response


class AnswersBusy:
    """A view mixin: a busy database during a write is a 503 problem."""

    def handle_exception(self, exc: Exception) -> Any:
        if isinstance(exc, WorkbookError) and is_busy(exc):
            return busy_response()
        return super().handle_exception(exc)  # type: ignore[misc]
