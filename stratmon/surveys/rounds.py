"""Completing a training-needs assessment round: the round becomes a held survey activity of
the organisation, linked to the plan actions whose KPIs count such activities (OCO 1.2.1.n,
ROCB A/P 3.f), through the facts' own service (docs/surveys.md)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from stratmon.facts.models import Activity
from stratmon.facts.records import keys_of, save_records
from stratmon.history.recording import record_change
from stratmon.plans.models import KPI, Action, Plan

from .models import Invitation, Purpose, Response, Survey
from .services import survey_ref

VIA = "web"


class CannotComplete(Exception):
    """The round cannot be completed; the message says why."""


def offered_actions(survey: Survey, on: datetime.date) -> tuple[list[Action], list[Action]]:
    """(actions a round may count for, those it counts for by default), in plan order: the
    actions of the organisation's plan in use on `on` (else its latest plan in use) with a
    KPI that counts activities; by default those whose KPI counts survey activities."""
    plans = list(
        Plan.objects.current()
        .filter(organisation=survey.organisation)
        .exclude(status=Plan.Status.DRAFT)
        .order_by("-period_start")
    )
    covering = [p for p in plans if p.period_start <= on <= p.period_end]
    kpis = KPI.objects.filter(plan__in=covering or plans[:1], measure__source="activities")
    offered: dict[int, Action] = {}
    counting: dict[int, Action] = {}
    for kpi in kpis.select_related("action", "action__plan").order_by("order"):
        offered.setdefault(kpi.action_id, kpi.action)
        if "survey" in (kpi.measure.get("kinds") or ()):
            counting.setdefault(kpi.action_id, kpi.action)
    return list(offered.values()), list(counting.values())


def counting_actions(survey: Survey, on: datetime.date) -> list[Action]:
    """The actions a completed round counts for by default (see offered_actions)."""
    return offered_actions(survey, on)[1]


def round_counts(survey: Survey) -> tuple[int, int]:
    """(Members that answered, Members invited or that answered) of the survey."""
    answered = set(
        Response.objects.filter(survey=survey, member__isnull=False)
        .order_by()
        .values_list("member_id", flat=True)
    )
    invited = set(
        Invitation.objects.filter(survey=survey, member__isnull=False)
        .order_by()
        .values_list("member_id", flat=True)
    )
    return len(answered), len(invited | answered)


def action_key(action: Action) -> str:
    """How the facts' workbook names an action: `plan:code`."""
    return f"{action.plan.code}:{action.code}"


def complete_round(
    survey: Survey,
    *,
    on: datetime.date,
    actions: Sequence[Action] | None = None,
    user: Any,
    via: str = VIA,
) -> Activity:
    """Mark the needs survey `survey` completed on `on` and record the round as a held
    activity of kind survey, from its opening day to `on`, organised by its organisation and
    linked to `actions` (by default `counting_actions`). Raises CannotComplete for a survey
    that is not a needs round, was completed already, or would end before it opened; the
    facts' WorkbookError if the activity is refused. All or nothing."""
    if survey.form.purpose != Purpose.NEEDS or survey.year is None:
        raise CannotComplete("only a training-needs assessment round (with a year) is completed")
    opened = survey.opens.date()
    if on < opened:
        raise CannotComplete(f"the completion date must be on or after the opening, {opened}")
    chosen = list(counting_actions(survey, on) if actions is None else actions)
    with transaction.atomic():
        fresh = Survey.objects.select_for_update().get(pk=survey.pk)
        if fresh.completed_on is not None:
            raise CannotComplete(f"this round was completed on {fresh.completed_on}")
        answered, invited = round_counts(fresh)
        row = {
            "kind": Activity.Kind.SURVEY,
            "title": f"Training needs assessment {survey.year}: "
            f"{answered} of {invited} Members answered",
            "start": opened,
            "end": on,
            "organiser": survey.organisation.code,
            "actions": [action_key(a) for a in chosen],
            "status": "held",
        }
        report = save_records(
            {"activities": [row]},
            user=user if getattr(user, "is_authenticated", False) else None,
            via=via,
            source=f"survey {survey_ref(survey)}",
            reason="a training-needs assessment round completed",
        )
        activity = Activity.objects.get(ref=keys_of(report, "activities")[0])
        fresh.completed_on = on
        fresh.recorded_activity = activity
        fresh.save(update_fields=["completed_on", "recorded_activity"])
        fresh.actions.set(chosen)
        record_change(
            user=user,
            via=via,
            model=Survey,
            verb="updated",
            refs=[survey_ref(fresh)],
            details={
                survey_ref(fresh): {
                    "completed_on": [None, on.isoformat()],
                    "recorded_activity": [None, activity.ref],
                    "actions": [action_key(a) for a in chosen],
                }
            },
            organisation=fresh.organisation,
        )
    survey.completed_on, survey.recorded_activity = on, activity
    return activity
