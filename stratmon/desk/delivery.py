"""From an accepted request to a delivered, evaluated activity: proposing an expert,
scheduling, delivery and evaluation. Each writes its facts through `facts.records` (as the
workbook would) and moves the request with `services.move`, in one transaction.

- Proposing an expert asks their home administration to release them: a `contribution`
  request to that Member (KPI 3.d's "requests met"), met when the activity is delivered.
  Proposing another expert before scheduling withdraws the unanswered one.
- Scheduling creates the activity (planned, hosted and requested by the Member, organised
  by the organisation) and the expert's assignment, and answers the request with it: KPI
  3.b counts the request's accredited expert from then on.
- Delivery marks the activity held and the request (and the contribution) met on that day.
- Evaluation needs an evaluation of the activity: from its survey, or a score typed here.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from stratmon.facts import records
from stratmon.facts.models import Activity, Evaluation, Expert, Request

from .matching import ask_of, candidate_of
from .models import Case, State
from .ranking import Ask, exclusion
from .services import SOURCE, can_move, move


def propose(
    case: Case,
    expert: Expert,
    *,
    user: Any,
    on: datetime.date | None = None,
    note: str = "",
    via: str = "web",
) -> Case:
    """Propose `expert` for `case` on day `on` (today): refused, with the ranking's reason,
    for an expert the ranking leaves out (own Member, not free on the preferred dates,
    accreditation expired). An expert outside the request's topics may be proposed: the desk
    knows its pool. The home Member is asked to release them on the same day."""
    if not can_move(case, State.PROPOSED):
        raise ValidationError({"state": f"a request {case.get_state_display()} takes no expert"})
    ask = ask_of(case)
    reason = exclusion(candidate_of(expert, ask), ask)
    if reason:
        raise ValidationError({"expert": f"{expert.name} cannot be proposed: {reason}"})
    with transaction.atomic():
        previous = case.contribution
        if previous is not None and previous.fulfilled_on is None:
            records.delete_record(
                "requests",
                previous.ref,
                user=user,
                via=via,
                reason=f"{case.ref}: another expert proposed",
                source=SOURCE,
            )
            previous = None
        contribution = previous
        if expert.home_id is not None and expert.home_id != case.member_id:
            report = records.save_records(
                {"requests": [_contribution_row(case, expert, on or timezone.localdate())]},
                user=user,
                via=via,
                source=SOURCE,
            )
            contribution = Request.objects.get(ref=records.keys_of(report, "requests")[0])
        fields = {"expert": expert, "contribution": contribution}
        note = note or expert.name
        return move(case, State.PROPOSED, user=user, on=on, note=note, fields=fields)


def _contribution_row(case: Case, expert: Expert, on: datetime.date) -> dict[str, Any]:
    subject = f"Release {expert.name} for {case.ref}: {case.subject}"
    return {
        "kind": Request.Kind.CONTRIBUTION,
        "subject": subject[:300],
        "activity_kind": case.kind,
        "requested_on": on,
        "addressed_to": expert.home.iso3 if expert.home else None,
        "organisation": case.organisation.code,
    }


def schedule(
    case: Case,
    start: datetime.date,
    end: datetime.date,
    *,
    user: Any,
    place: str = "",
    on: datetime.date | None = None,
    note: str = "",
    via: str = "web",
) -> Case:
    """Schedule the proposed expert on `start`..`end` (the step dated `on`, today by
    default): the activity and the assignment are written as the workbook would, and the
    request is answered by the activity."""
    if case.state != State.PROPOSED or case.expert is None:
        raise ValidationError({"state": "propose an expert before scheduling"})
    if end < start:
        raise ValidationError({"end": f"ends before its start {start.isoformat()}"})
    ask = Ask(case.member.iso3, frozenset(), case.language, start, end)
    reason = exclusion(candidate_of(case.expert, ask), ask)
    if reason:
        raise ValidationError({"start": f"{case.expert.name}: {reason}"})
    activity_row = {
        "kind": case.kind,
        "title": case.subject[:300],
        "start": start,
        "end": end,
        "place": place.strip(),
        "host": case.member.iso3,
        "organiser": case.organisation.code,
        "requested_by": case.member.iso3,
        "status": Activity.Status.PLANNED,
    }
    request_row = _fact_row(case.fact)
    request_row["activity"] = "new:activities:1"
    with transaction.atomic():
        records.save_records(
            {
                "activities": [activity_row],
                "expert_assignments": [{"activity": "new:activities:1", "expert": case.expert.ref}],
                "requests": [request_row],
            },
            user=user,
            via=via,
            source=SOURCE,
            reason=f"{case.ref} scheduled",
        )
        case.fact.refresh_from_db()
        note = note or f"{start} to {end}"
        return move(case, State.SCHEDULED, user=user, on=on, note=note)


def deliver(
    case: Case, *, user: Any, on: datetime.date | None = None, note: str = "", via: str = "web"
) -> Case:
    """The activity took place: held, and the request (and the home Member's release of the
    expert) met on `on`, no earlier than the activity's first day."""
    activity = case.fact.activity
    if case.state != State.SCHEDULED or activity is None:
        raise ValidationError({"state": "only a scheduled request is delivered"})
    day = on or timezone.localdate()
    if day < activity.start:
        raise ValidationError({"on": f"before the activity began on {activity.start.isoformat()}"})
    if day > timezone.localdate():
        raise ValidationError({"on": "a delivery cannot be dated after today"})
    held = records.stored_values("activities", activity.ref) or {}
    held["status"] = Activity.Status.HELD
    rows: dict[str, list[dict[str, Any]]] = {"activities": [held], "requests": []}
    for fact in (case.fact, case.contribution):
        if fact is not None:
            row = _fact_row(fact)
            row["fulfilled_on"] = day
            row["activity"] = activity.ref
            rows["requests"].append(row)
    with transaction.atomic():
        records.save_records(
            rows, user=user, via=via, source=SOURCE, reason=f"{case.ref} delivered"
        )
        return move(case, State.DELIVERED, user=user, on=day, note=note)


def evaluate(
    case: Case,
    *,
    user: Any,
    score: Decimal | None = None,
    scale_max: int = 5,
    responses: int = 1,
    on: datetime.date | None = None,
    note: str = "",
    via: str = "web",
) -> Case:
    """Close a delivered request once its activity is evaluated: by its evaluation survey
    (the survey writes the evaluation) or by the score given here."""
    activity = case.fact.activity
    if case.state != State.DELIVERED or activity is None:
        raise ValidationError({"state": "only a delivered request is evaluated"})
    has = Evaluation.objects.filter(activity=activity).exists()
    if score is None and not has:
        raise ValidationError(
            {"score": "no evaluation of the activity yet: send its survey or give the score"}
        )
    with transaction.atomic():
        if score is not None:
            row = {
                "activity": activity.ref,
                "score": score,
                "scale_max": scale_max,
                "responses": responses,
                "comments": note.strip(),
            }
            records.save_records({"evaluations": [row]}, user=user, via=via, source=SOURCE)
        return move(case, State.EVALUATED, user=user, on=on, note=note)


def cancel_activity(case: Case, *, user: Any, reason: str, via: str = "web") -> None:
    """The scheduled activity will not take place: cancelled, and no longer the request's
    answer (a cancelled mission's expert does not count for KPI 3.b)."""
    activity = case.fact.activity
    if activity is None:
        return
    row = records.stored_values("activities", activity.ref) or {}
    row["status"] = Activity.Status.CANCELLED
    request_row = _fact_row(case.fact)
    request_row["activity"] = None
    records.save_records(
        {"activities": [row], "requests": [request_row]},
        user=user,
        via=via,
        source=SOURCE,
        reason=f"{case.ref}: {reason}",
    )
    case.fact.refresh_from_db()


def _fact_row(fact: Request) -> dict[str, Any]:
    row = records.stored_values("requests", fact.ref)
    if row is None:
        raise ValidationError({"state": f"{fact.ref} is no longer recorded: someone deleted it"})
    return dict(row)
