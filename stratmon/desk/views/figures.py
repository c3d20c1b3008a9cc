"""The desk's figures page and its CSV download, for the Secretariat and the viewers of the
organisation (docs/desk.md "The desk's figures")."""

from __future__ import annotations

import csv
import io

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from stratmon.accounts import access
from stratmon.plans.models import Organisation

from ..figures import AGE_BANDS, MONTHS, build_figures, figures_rows


def _chosen(request: HttpRequest) -> tuple[list[Organisation], Organisation, int, str]:
    """The organisations the user reads the figures of, the one asked for (`?org=`, by
    default the first), the year of the load (`?year=`, by default this one) and a message
    when either is not one the user may choose."""
    orgs = list(access.figures_organisations(request.user).order_by("short_name"))
    if not orgs or not access.can_read_desk_figures(request.user):
        raise PermissionDenied("The desk's figures are read by the Secretariat and its viewers.")
    code = request.GET.get("org", "").strip()
    org = next((o for o in orgs if o.code == code), orgs[0])
    error = "" if not code or org.code == code else f"No organisation '{code[:40]}' to choose."
    this_year = timezone.localdate().year
    text = request.GET.get("year", "").strip()
    year = int(text) if text.isdigit() and len(text) == 4 and int(text) >= 1900 else None
    if text and year is None:
        error = error or f"'{text[:40]}' is not a year; {this_year} is shown."
    return orgs, org, year or this_year, error


@require_GET
def figures_page(request: HttpRequest) -> HttpResponse:
    orgs, org, year, error = _chosen(request)
    figures = build_figures(org, year, timezone.localdate())
    peak = max((x.activities for x in figures.load), default=0)
    context = {
        "f": figures,
        "orgs": orgs,
        "org": org,
        "errors": [error] if error else [],
        "bands": [b[2] for b in AGE_BANDS],
        "months": MONTHS,
        "peak": peak,
    }
    return render(request, "desk/figures.html", context)


@require_GET
def figures_csv(request: HttpRequest) -> HttpResponse:
    _, org, year, error = _chosen(request)
    if error:
        # A download cannot show a message beside it: refuse rather than guess.
        return HttpResponseBadRequest(error, content_type="text/plain")
    today = timezone.localdate()
    out = io.StringIO()
    csv.writer(out).writerows(figures_rows(build_figures(org, year, today)))
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv")
    name = f"desk-figures-{org.code}-{today.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
