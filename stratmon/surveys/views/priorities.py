"""The regional priorities of the training-needs assessments: the page and its downloads
(XLSX, CSV), for the Secretariat and the viewers of the organisation."""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_GET

from stratmon.accounts import access
from stratmon.plans.models import Organisation

from ..priorities import SCALE, Priorities, Round, build_priorities
from ..priorities_export import priorities_csv, priorities_workbook


def _chosen(request: HttpRequest) -> tuple[list[Organisation], Organisation, int | None, str]:
    """The organisations the user reads, the one asked for (`?org=`, by default the first)
    and the round (`?year=`), with a message when either is not one the user may choose."""
    orgs = list(access.priorities_organisations(request.user).order_by("short_name"))
    if not orgs:
        raise PermissionDenied("The priorities are read by the Secretariat and its viewers.")
    code = request.GET.get("org", "").strip()
    org = next((o for o in orgs if o.code == code), orgs[0])
    error = "" if not code or org.code == code else f"No organisation '{code[:40]}' to choose."
    text = request.GET.get("year", "").strip()
    year = int(text) if text.isdigit() and len(text) == 4 else None
    if text and year is None:
        error = error or f"'{text[:40]}' is not a year; the newest round is shown."
    return orgs, org, year, error


def _priorities(request: HttpRequest, org: Organisation, year: int | None) -> Priorities:
    return build_priorities(org, year, access.member_scope(request.user))


def _tables(r: Round) -> dict[str, Any]:
    """The ranking joined with the comparison, and the Members' ratings in the ranking's
    column order, as the template reads them."""
    changes = {c.code: c for c in r.comparison}
    rows = []
    for t in r.topics:
        c = changes.get(t.code)
        rows.append(
            {
                **vars(t),
                "previous_rank": c.previous_rank if c else None,
                "previous_mean": c.previous_mean if c else None,
                "rank_change": c.rank_change if c else None,
                "down": -c.rank_change if c and c.rank_change else None,
                "mean_change": c.mean_change if c else None,
            }
        )
    rows += [
        {**vars(c), "rated": 0, "high": 0, "rank_change": None, "mean_change": None}
        for c in r.comparison
        if c.rank is None
    ]
    grid = [{**vars(m), "cells": [m.rating(t.code) for t in r.topics]} for m in r.members]
    return {"rows": rows, "member_grid": grid}


@require_GET
def priorities_page(request: HttpRequest) -> HttpResponse:
    orgs, org, year, error = _chosen(request)
    p = _priorities(request, org, year)
    errors = [error] if error else []
    if year is not None and p.round is not None and p.round.year != year:
        errors.append(f"No round in {year}; the newest, {p.round.year}, is shown.")
    context = {
        "p": p,
        "r": p.round,
        "orgs": orgs,
        "org": org,
        "errors": errors,
        "scale": SCALE,
        **(_tables(p.round) if p.round else {}),
    }
    return render(request, "surveys/priorities.html", context)


def _download(request: HttpRequest, kind: str) -> HttpResponse:
    _, org, year, error = _chosen(request)
    if error:
        # A download cannot show a message beside it: refuse rather than guess.
        return HttpResponseBadRequest(error, content_type="text/plain")
    p = _priorities(request, org, year)
    if p.round is None:
        return HttpResponseBadRequest(
            f"{org.short_name} has no training-needs round yet.", content_type="text/plain"
        )
    name = f"priorities-{org.code}-{p.round.year}.{kind}"
    data = priorities_workbook(p) if kind == "xlsx" else priorities_csv(p).encode("utf-8-sig")
    return FileResponse(io.BytesIO(data), as_attachment=True, filename=name)


@require_GET
def priorities_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")


@require_GET
def priorities_csv_download(request: HttpRequest) -> HttpResponse:
    return _download(request, "csv")
