"""The heat map pages: a plan's Members × its Member-status KPIs, as a page and a workbook."""

from __future__ import annotations

import io

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from stratmon.accounts import access
from stratmon.kpis.heatmap import SORTS, build_heatmap

from .asof import as_of_date
from .heatmap_xlsx import heatmap_workbook

DEFAULT_SORT = next(iter(SORTS))


def _sort(request: HttpRequest) -> tuple[str, str]:
    """The `?sort=` key (default by sub-region), and a message when it is not one."""
    text = request.GET.get("sort", "").strip()
    if not text or text in SORTS:
        return text or DEFAULT_SORT, ""
    names = ", ".join(SORTS)
    return DEFAULT_SORT, f"'{text[:40]}' is not a way to sort ({names}); sorted by sub-region."


@require_GET
def plan_heatmap(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.get_visible_plan(request.user, code)
    as_of, date_error = as_of_date(request)
    sort, sort_error = _sort(request)
    context = {
        "h": build_heatmap(plan, as_of, sort, request.user),
        "plan": plan,
        "as_of": as_of,
        "today": timezone.localdate(),
        "errors": [e for e in (date_error, sort_error) if e],
        "sorts": SORTS,
    }
    # htmx asks for the heat map alone (sorting, another date); a reload or a restored
    # history entry gets the whole page.
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    response = render(request, "web/_heatmap.html" if partial else "web/heatmap.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@require_GET
def plan_heatmap_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.get_visible_plan(request.user, code)
    as_of, date_error = as_of_date(request)
    sort, sort_error = _sort(request)
    if date_error or sort_error:
        # A download cannot show a message beside it: refuse rather than guess.
        return HttpResponseBadRequest(date_error or sort_error, content_type="text/plain")
    data = heatmap_workbook(build_heatmap(plan, as_of, sort))
    return FileResponse(
        io.BytesIO(data), as_attachment=True, filename=f"heatmap-{plan.code}-{as_of}.xlsx"
    )
