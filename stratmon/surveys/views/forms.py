"""The form builder: the organisation's forms with their versions, a new form from a purpose,
and a form's questions edited as rows (plain posts: add, remove, move, save)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from stratmon.accounts import access

from .. import managing, services
from ..definition import FEEDS, TYPES, FormError
from ..models import Form, Purpose, Response
from . import builder

VIA = "web"


def require_manager(request: HttpRequest) -> None:
    if not access.can_manage_surveys(request.user):
        raise PermissionDenied("Survey forms and surveys are the Secretariat's.")


@require_GET
def form_list(request: HttpRequest) -> HttpResponse:
    require_manager(request)
    forms = (
        Form.objects.filter(organisation__in=access.survey_organisations(request.user))
        .select_related("organisation")
        .annotate(answers=Count("responses"))
        .order_by("organisation__name", "code", "-version")
    )
    families: list[dict[str, Any]] = []
    for form in forms:
        if (
            families
            and families[-1]["latest"].code == form.code
            and (families[-1]["latest"].organisation_id == form.organisation_id)
        ):
            families[-1]["versions"].append(form)
        else:
            families.append({"latest": form, "versions": [form]})
    return render(request, "surveys/form_list.html", {"families": families})


@require_http_methods(["GET", "POST"])
def form_new(request: HttpRequest) -> HttpResponse:
    require_manager(request)
    organisations = list(access.survey_organisations(request.user).order_by("name"))
    values = {
        "title": request.POST.get("title", ""),
        "purpose": request.POST.get("purpose", ""),
        "organisation": request.POST.get("organisation", ""),
    }
    problem, status = "", 200
    if request.method == "POST":
        org = next((o for o in organisations if str(o.pk) == values["organisation"]), None)
        if org is None and len(organisations) == 1:
            org = organisations[0]
        if org is None:
            problem = "Organisation: choose the organisation whose form this is."
        elif values["purpose"] not in Purpose.values:
            problem = "Purpose: choose what the form is for."
        elif not values["title"].strip():
            problem = "Title: give the form a title."
        else:
            form = managing.create_form(
                org, purpose=values["purpose"], title=values["title"], user=request.user, via=VIA
            )
            messages.success(request, f"Form '{form.title}' created (version 1).")
            return redirect("survey-form-edit", pk=form.pk)
        status = 400
    context = {
        "organisations": organisations,
        "purposes": Purpose.choices,
        "values": values,
        "problem": problem,
    }
    return render(request, "surveys/form_new.html", context, status=status)


def _rows_context(rows: list[dict[str, Any]], placed: dict[int, list[str]]) -> list[Any]:
    """Each row with its problems and the earlier questions its condition may name."""
    return [
        {"n": n, "row": row, "problems": placed.get(n, []), "earlier": [r["id"] for r in rows[:n]]}
        for n, row in enumerate(rows)
    ]


@require_http_methods(["GET", "POST"])
def form_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_manager(request)
    orgs = access.survey_organisations(request.user)
    form = get_object_or_404(
        Form.objects.select_related("organisation"), pk=pk, organisation__in=orgs
    )
    answered = Response.objects.filter(form=form).count()
    latest = (
        Form.objects.filter(organisation=form.organisation, code=form.code)
        .order_by("-version")
        .values_list("version", flat=True)[0]
    )
    title, intro = form.title, form.intro
    rows = builder.rows_of(form.questions)
    placed: dict[int, list[str]] = {}
    general: list[str] = []
    status = 200
    if request.method == "POST":
        title = request.POST.get("title", "")[:200]  # the column's length
        intro = request.POST.get("intro", "")
        rows = builder.rows_posted(request.POST)
        action = request.POST.get("action", "save")
        if action != "save":
            rows = builder.apply(action, rows, request.POST.get("add-type", ""))
        else:
            questions = [builder.question_data(r) for r in rows]
            try:
                saved = services.save_form(
                    form, title=title, intro=intro, questions=questions, user=request.user, via=VIA
                )
            except FormError as error:
                placed, general = builder.place(error.problems, len(rows))
                status = 400
            else:
                if saved.pk != form.pk:
                    note = f"Saved as version {saved.version}: version {form.version} has answers"
                    messages.success(request, note + " and stays as it was.")
                else:
                    messages.success(request, f"Saved (version {saved.version}).")
                return redirect("survey-form-edit", pk=saved.pk)
    context = {
        "form": form,
        "title": title,
        "intro": intro,
        "rows": _rows_context(rows, placed),
        "count": len(rows),
        "general": general,
        "answered": answered,
        "latest": latest,
        "types": TYPES.items(),
        "feeds": FEEDS,
        "max_rows": builder.ROWS_MAX,
    }
    return render(request, "surveys/form_edit.html", context, status=status)
