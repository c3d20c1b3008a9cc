"""The moves of a request, one URL each (`/requests/<pk>/<move>/`, POST): parse the form,
call the one service that makes the move, and go back to the request's page; a refused move
is shown there beside its field, with status 400."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from ..moves import ACTIONS, CALLS, may_act
from .request_page import render_case, visible_case

DONE = {
    "accept": "Accepted.",
    "decline": "Declined; the Member reads the reason.",
    "withdraw": "Withdrawn.",
    "propose": "Expert proposed.",
    "schedule": "Scheduled: the activity is planned.",
    "deliver": "Delivered: the activity is held and the request met.",
    "evaluate": "Evaluated: the request is closed.",
}


def _problems_beside_fields(form: forms.Form, exc: ValidationError) -> None:
    problems = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
    for name, texts in problems.items():
        for text in texts:
            form.add_error(name if name in form.fields else None, text)


def _move(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = visible_case(request.user, pk)
    if not may_act(request.user, case, action):
        raise PermissionDenied("This move of the request is not yours to make.")
    form = ACTIONS[action][0](request.POST, auto_id=f"{action}-%s")
    if form.is_valid():
        try:
            CALLS[action](case, form.cleaned_data, request.user)
        except ValidationError as exc:
            _problems_beside_fields(form, exc)
            # The service may have changed the object before refusing; show it as stored.
            case = visible_case(request.user, pk)
        else:
            messages.success(request, DONE[action])
            return redirect("desk-request", pk=case.pk)
    return render_case(request, case, bound=(action, form), status=400)


def _view(action: str) -> Callable[[HttpRequest, int], HttpResponse]:
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        return _move(request, pk, action)

    view.__name__ = view.__qualname__ = f"request_{action}"
    return view


request_accept = _view("accept")
request_decline = _view("decline")
request_withdraw = _view("withdraw")
request_propose = _view("propose")
request_schedule = _view("schedule")
request_deliver = _view("deliver")
request_evaluate = _view("evaluate")
