"""One request's page (`/requests/<pk>/`): its facts, its dated steps, the expert, the
activity and its evaluation, and the moves the user may make, each posted to its own URL
(stratmon.desk.views.request_moves)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from stratmon.accounts import access
from stratmon.facts.models import Evaluation
from stratmon.surveys.models import Survey

from ..models import Case, State
from ..moves import ACTIONS, actions_open, who


def visible_case(user: Any, pk: int) -> Case:
    """The request `pk` if the user reads it; else 404, as if it did not exist."""
    case = (
        access.visible_cases(user)
        .select_related("member", "organisation", "fact__activity", "expert")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404("No such request")
    return case


def _initial(case: Case, action: str) -> dict[str, Any]:
    if action == "schedule":
        return {"start": case.preferred_start, "end": case.preferred_end}
    return {}


def _match_url(case: Case) -> str:
    return reverse("desk-request-match", args=[case.pk])


def render_case(
    request: HttpRequest,
    case: Case,
    *,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The request's page; `bound`: a posted move's form, shown with its problems."""
    user = request.user
    sees_names = access.can_move_case(user, case)
    steps = list(case.steps.select_related("by__role").order_by("at", "pk"))
    activity = case.activity
    evaluations: list[Evaluation] = []
    surveys: list[Survey] = []
    if activity is not None:
        evaluations = list(Evaluation.objects.filter(activity=activity).order_by("pk"))
        surveys = list(Survey.objects.filter(activity=activity).order_by("-opens"))
    moves = []
    for name in actions_open(user, case):
        form_class = ACTIONS[name][0]
        if bound is not None and bound[0] == name:
            form = bound[1]
        else:
            form = form_class(initial=_initial(case, name), auto_id=f"{name}-%s")
        moves.append((name, form, reverse(f"desk-request-{name}", args=[case.pk])))
    problem = ""
    if bound is not None and bound[0] not in {name for name, _, _ in moves}:
        # A move the request's state no longer offers (another tab moved it): say why here.
        problem = " ".join(m for errors in bound[1].errors.values() for m in errors)
    manages_surveys = access.can_manage_surveys(user)
    new_survey = None
    if activity is not None and case.state == State.DELIVERED and manages_surveys:
        query = urlencode({"activity": activity.ref, "purpose": "evaluation"})
        new_survey = f"{reverse('survey-new')}?{query}"
    context = {
        "case": case,
        "topics": list(case.topics.order_by("name")),
        "attachments": list(case.attachments.order_by("name")),
        "steps": [(step, who(step, user, sees_names)) for step in steps],
        "activity": activity,
        "evaluations": evaluations,
        "surveys": surveys,
        "manages_surveys": manages_surveys,
        "new_survey": new_survey,
        "moves": moves,
        "problem": problem,
        "match_url": _match_url(case)
        if case.state in (State.ACCEPTED, State.PROPOSED) and sees_names
        else None,
        "runs_desk": sees_names,
    }
    return render(request, "desk/request_detail.html", context, status=status)


@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_case(request, visible_case(request.user, pk))
