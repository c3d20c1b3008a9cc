"""The gender and evaluation dashboard of a plan (`/plans/<code>/people/`): participations by
gender, heads of delegation, evaluation scores, filtered by activity kind and sub-region. The
filters update the results in place with htmx, and work as a plain form without it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

from stratmon.accounts import access
from stratmon.facts.people import people_figures
from stratmon.facts.people_panels import (
    KIND_LABELS,
    charts,
    heads_growth,
    kpi_note,
    member_table,
    tiles,
)

from .asof import as_of_date


def plan_people(request: HttpRequest, code: str) -> HttpResponse:
    plan = access.get_visible_plan(request.user, code)
    as_of, date_error = as_of_date(request)
    kinds = request.GET.getlist("kind")
    subregion = request.GET.get("subregion", "").strip()
    figures = people_figures(
        plan, as_of, access.member_scope(request.user), kinds=kinds, subregion=subregion
    )
    problems = [date_error] if date_error else []
    unknown = [k for k in kinds if k not in figures.kinds]
    if unknown:
        problems.append(f"'{unknown[0][:40]}' is not an activity kind; it is left out.")
    if subregion and subregion != figures.subregion:
        problems.append(
            f"'{subregion[:40]}' is not a sub-region of {plan.organisation.short_name}; "
            "showing every sub-region."
        )
    context = {
        "plan": plan,
        "figures": figures,
        "problems": problems,
        "kind_choices": [(k, label, k in figures.kinds) for k, label in KIND_LABELS.items()],
        "kind_words": ", ".join(KIND_LABELS[k] for k in figures.kinds),
        **charts(figures),
        "heads_growth": heads_growth(figures),
        "tiles": tiles(figures),
        "member_table": member_table(figures),
        "kpi_notes": [kpi_note(k, figures) for k in figures.kpis],
    }
    # htmx asks for the results only; a restored history entry needs the whole page.
    partial = request.headers.get("HX-Request") == "true" and not request.headers.get(
        "HX-History-Restore-Request"
    )
    template = "web/_people_results.html" if partial else "web/people.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response
