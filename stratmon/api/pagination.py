"""Lists come in pages: `{"count", "next", "previous", "results"}` (CONTRACT.md)."""

from drf_spectacular.utils import OpenApiParameter
from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    # A plan's KPIs (80-odd) fit in one page of this size; records page through.
    max_page_size = 1000


# The paging parameters, for views that page a list of their own (the schema learns them
# from generic views by itself).
PAGE_PARAMETERS = [
    OpenApiParameter("page", {"type": "integer", "minimum": 1}, description="the page, from 1"),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": 1000},
        description="results per page (at most 1000)",
    ),
]
