"""Lists come in pages: `{"count", "next", "previous", "results"}` (CONTRACT.md)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from .problems import Problem


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    # A plan's KPIs (80-odd) fit in one page of this size; records page through.
    max_page_size = 1000

    def get_page_size(self, request: Request) -> int | None:
        """`?page_size=` from 1 to max_page_size; anything else is a 400 naming it, not
        silently the default (a client should learn its pages are not the size it asked)."""
        text = request.query_params.get(self.page_size_query_param)
        if text is None:
            return self.page_size
        if not text.isdigit() or not 1 <= int(text) <= self.max_page_size:
            message = f"a whole number from 1 to {self.max_page_size}"
            raise Problem(
                400,
                f"page_size: {text[:20]!r} is not {message}",
                [{"field": "page_size", "message": message}],
            )
        return int(text)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for p in parameters:
            p["schema"]["minimum"] = 1
            if p["name"] == self.page_size_query_param:
                p["schema"]["maximum"] = self.max_page_size
        return parameters


# The paging parameters, for views that page a list of their own (the schema learns them
# from generic views by itself).
PAGE_PARAMETERS = [
    OpenApiParameter("page", {"type": "integer", "minimum": 1}, description="the page, from 1"),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": Pages.max_page_size},
        description="results per page (at most 1000)",
    ),
]
