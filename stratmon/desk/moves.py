"""A request's moves as the web and the API make them: each move's form (its fields and their
checks), the state it leads to, who may make it, and the one service call that makes it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from stratmon.accounts import access
from stratmon.accounts.models import Role
from stratmon.facts.models import Expert

from . import delivery, services
from .models import Case, State, Step
from .request_forms import (
    AnswerForm,
    DeclineForm,
    DeliverForm,
    EvaluateForm,
    NoteForm,
    ProposeForm,
    ScheduleForm,
)
from .services import MOVES

# Each move's form and the state it moves the request to; withdrawing is the Member's too.
ACTIONS: dict[str, tuple[type[forms.Form], str]] = {
    "accept": (AnswerForm, State.ACCEPTED),
    "propose": (ProposeForm, State.PROPOSED),
    "schedule": (ScheduleForm, State.SCHEDULED),
    "deliver": (DeliverForm, State.DELIVERED),
    "evaluate": (EvaluateForm, State.EVALUATED),
    "decline": (DeclineForm, State.DECLINED),
    "withdraw": (NoteForm, State.WITHDRAWN),
}


def _propose(case: Case, data: dict[str, Any], user: Any) -> Case:
    expert = Expert.objects.filter(ref=data["expert"].strip()).first()
    if expert is None:
        raise ValidationError({"expert": f"no expert has the reference {data['expert']!r}"})
    return delivery.propose(case, expert, user=user, note=data["note"])


# Each move's service call from its form's cleaned data.
CALLS: dict[str, Callable[[Case, dict[str, Any], Any], Case]] = {
    "accept": lambda c, d, u: services.accept(c, user=u, on=d["on"], note=d["note"]),
    "decline": lambda c, d, u: services.decline(c, d["reason"], user=u, on=d["on"]),
    "withdraw": lambda c, d, u: services.withdraw(c, user=u, note=d["note"]),
    "propose": _propose,
    "schedule": lambda c, d, u: delivery.schedule(
        c, d["start"], d["end"], user=u, place=d["place"], note=d["note"]
    ),
    "deliver": lambda c, d, u: delivery.deliver(c, user=u, on=d["on"], note=d["note"]),
    "evaluate": lambda c, d, u: delivery.evaluate(
        c, user=u, score=d["score"], scale_max=d["scale_max"] or 5, note=d["note"]
    ),
}


def may_act(user: Any, case: Case, action: str) -> bool:
    if action == "withdraw":
        return access.can_withdraw_case(user, case)
    return access.can_move_case(user, case)


def actions_open(user: Any, case: Case) -> list[str]:
    """The moves the request's state allows and the user may make, in the page's order."""
    return [
        name
        for name, (_, to) in ACTIONS.items()
        if to in MOVES[case.state] and may_act(user, case, name)
    ]


def who(step: Step, user: Any, sees_names: bool) -> str:
    """Who made the step: their user name for the desk and for themselves; for others
    their role only (a Member does not learn the Secretariat's accounts)."""
    by = step.by
    if by is None:
        return ""
    if sees_names or by.pk == user.pk:
        return str(by.get_username())
    try:
        role = by.role
    except Role.DoesNotExist:
        return "an administrator"
    if role.kind in access.SECRETARIAT:
        return "the Secretariat"
    return role.get_kind_display().lower()
