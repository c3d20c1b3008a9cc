"""Completing a training-needs round (`/surveys/<pk>/complete/`): the Secretariat of the
survey's organisation confirms the date and the actions it counts for (rounds.complete_round)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from stratmon.accounts import access
from stratmon.facts.workbook.reader import WorkbookError

from ..models import Purpose, Survey
from ..rounds import CannotComplete, complete_round, offered_actions, round_counts


def _survey(request: HttpRequest, pk: int) -> Survey:
    if not access.can_manage_surveys(request.user):
        raise PermissionDenied("The Secretariat completes its assessment rounds.")
    survey = (
        access.visible_surveys(request.user)
        .filter(pk=pk, form__purpose=Purpose.NEEDS, year__isnull=False)
        .select_related("form", "organisation", "recorded_activity")
        .first()
    )
    if survey is None:
        raise Http404("No such training-needs round")
    return survey


@require_http_methods(["GET", "POST"])
def complete_page(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _survey(request, pk)
    today = timezone.localdate()
    errors: list[str] = []
    on = today
    status = 200
    if request.method == "POST" and survey.completed_on is None:
        text = request.POST.get("on", "").strip()
        try:
            on = datetime.date.fromisoformat(text)
        except ValueError:
            errors.append(f"Completed on: '{text[:20]}' is not a date (YYYY-MM-DD).")
    offered, chosen = offered_actions(survey, on)
    if request.method == "POST":
        if survey.completed_on is not None:
            errors.append(f"This round was completed on {survey.completed_on}; it stays so.")
            status = 409
        picked = set(request.POST.getlist("actions"))
        known = {str(a.pk): a for a in offered}
        if picked - set(known):
            errors.append("Actions: choose among the actions listed.")
        chosen = [a for pk_, a in known.items() if pk_ in picked]
        if not errors:
            try:
                complete_round(survey, on=on, actions=chosen, user=request.user)
            except CannotComplete as error:
                errors.append(f"{error}.")
            except WorkbookError as error:
                errors.extend(error.errors)
            else:
                return redirect("survey-complete", pk=survey.pk)
        status = max(status, 400)
    answered, invited = round_counts(survey)
    ticked = {a.pk for a in chosen}
    context = {
        "survey": survey,
        "offered": sorted(offered, key=lambda a: a.pk not in ticked),
        "chosen": ticked,
        "on": on,
        "answered": answered,
        "invited": invited,
        "errors": errors,
    }
    return render(request, "surveys/complete.html", context, status=status)
