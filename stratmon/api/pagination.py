"""Lists come in pages: `{"count", "next", "previous", "results"}` (CONTRACT.md)."""

from rest_framework.pagination import PageNumberPagination


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    # A plan's KPIs (80-odd) fit in one page of this size; records page through.
    max_page_size = 1000
