"""Every write of the request desk: filing a request and each move of it, one function each,
whoever calls (the web pages, the sample data, tests). Each move is dated, kept as a Step and
in the change history; what the KPIs count (the request, the activity, the expert's
assignment, the request to the expert's home Member) goes through `facts.records`, the
workbook's own checks and writer, so KPI 3.b and 3.d count a delivered request without
anyone typing it again (docs/desk.md).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from stratmon.evidence.models import EvidenceFile
from stratmon.facts import records
from stratmon.facts.models import Expert, Request, Topic
from stratmon.history.recording import plain, record_change
from stratmon.plans.models import Member, Membership, Organisation

from .models import Case, Channel, Kind, State, Step, Urgency

SOURCE = "request desk"

# The moves each state allows; a request is closed once declined, evaluated or withdrawn.
MOVES: dict[str, tuple[str, ...]] = {
    State.RECEIVED: (State.ACCEPTED, State.DECLINED, State.WITHDRAWN),
    State.ACCEPTED: (State.PROPOSED, State.DECLINED, State.WITHDRAWN),
    State.PROPOSED: (State.PROPOSED, State.SCHEDULED, State.DECLINED, State.WITHDRAWN),
    State.SCHEDULED: (State.DELIVERED, State.WITHDRAWN),
    State.DELIVERED: (State.EVALUATED,),
    State.DECLINED: (),
    State.EVALUATED: (),
    State.WITHDRAWN: (),
}


def can_move(case: Case, to: str) -> bool:
    return to in MOVES[case.state]


@dataclass(frozen=True)
class Filing:
    """A request as a Member (or a letter) puts it."""

    organisation: Organisation
    member: Member
    subject: str
    kind: str
    details: str = ""
    topics: tuple[Topic, ...] = ()
    preferred_start: datetime.date | None = None
    preferred_end: datetime.date | None = None
    language: str = ""
    urgency: str = Urgency.ROUTINE
    channel: str = Channel.WEB
    received_on: datetime.date | None = None


def check_filing(filing: Filing, today: datetime.date | None = None) -> dict[str, str]:
    """The problems of a filing by field; none when it can be filed."""
    today = today or timezone.localdate()
    problems: dict[str, str] = {}
    if not filing.subject.strip():
        problems["subject"] = "say what is asked for"
    elif len(filing.subject) > 300:
        problems["subject"] = "at most 300 characters"
    if filing.kind not in Kind.values:
        problems["kind"] = f"one of: {', '.join(Kind.values)}"
    if filing.urgency not in Urgency.values:
        problems["urgency"] = f"one of: {', '.join(Urgency.values)}"
    received = filing.received_on or today
    if received > today:
        problems["received_on"] = "a request cannot be received after today"
    start, end = filing.preferred_start, filing.preferred_end
    if start and end and end < start:
        problems["preferred_end"] = f"ends before the first preferred day {start.isoformat()}"
    if end and not start:
        problems["preferred_start"] = "give the first preferred day too"
    if not _belongs(filing.member, filing.organisation, received):
        problems["member"] = (
            f"{filing.member.name} is not a Member of {filing.organisation.code} "
            f"on {received.isoformat()}"
        )
    return problems


def _belongs(member: Member, organisation: Organisation, on: datetime.date) -> bool:
    return (
        Membership.objects.filter(member=member, organisation=organisation)
        .exclude(joined__gt=on)
        .exclude(left__lt=on)
        .exists()
    )


def file_request(
    filing: Filing,
    *,
    user: Any,
    via: str = "web",
    attachments: Iterable[EvidenceFile] = (),
) -> Case:
    """File a request: its fact (counted from the day received) and its desk file, at once."""
    problems = check_filing(filing)
    if problems:
        raise ValidationError(problems)
    received = filing.received_on or timezone.localdate()
    with transaction.atomic():
        report = records.save_records(
            {
                "requests": [
                    {
                        "kind": Request.Kind.ASSISTANCE,
                        "subject": filing.subject.strip(),
                        "activity_kind": filing.kind,
                        "requested_on": received,
                        "requested_by": filing.member.iso3,
                        "organisation": filing.organisation.code,
                    }
                ]
            },
            user=user,
            via=via,
            source=SOURCE,
        )
        fact = Request.objects.get(ref=records.keys_of(report, "requests")[0])
        case = Case.objects.create(
            organisation=filing.organisation,
            member=filing.member,
            fact=fact,
            subject=filing.subject.strip(),
            details=filing.details.strip(),
            kind=filing.kind,
            preferred_start=filing.preferred_start,
            preferred_end=filing.preferred_end,
            language=filing.language.strip(),
            urgency=filing.urgency,
            channel=filing.channel,
            received_on=received,
            filed_by=user if getattr(user, "is_authenticated", False) else None,
        )
        case.topics.set(filing.topics)
        case.attachments.set(list(attachments))
        Step.objects.create(
            case=case, state=State.RECEIVED, on=received, by=_user(user), note=_channel(case)
        )
        record_change(
            user=user,
            via=via,
            model=Case,
            verb="created",
            refs=[case.ref],
            details={case.ref: _values(case)},
            source=SOURCE,
            organisation=case.organisation,
            members=[case.member],
        )
    return case


def move(
    case: Case,
    to: str,
    *,
    user: Any,
    via: str = "web",
    on: datetime.date | None = None,
    note: str = "",
    fields: Mapping[str, Any] | None = None,
) -> Case:
    """Move `case` to state `to` on day `on` (today), setting `fields` on it: the one place a
    move is checked, kept as a step and recorded in the history. The caller holds the
    transaction when it writes facts too."""
    if not can_move(case, to):
        raise ValidationError(
            {"state": f"a request {case.get_state_display()} cannot be {State(to).label}"}
        )
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"on": "a step cannot be dated after today"})
    if day < case.received_on:
        raise ValidationError(
            {"on": f"before the request was received on {case.received_on.isoformat()}"}
        )
    changes: dict[str, list[Any]] = {"state": [case.state, to]}
    for name, value in {**(fields or {}), "state": to}.items():
        old = getattr(case, name)
        if name != "state" and old != value:
            changes[name] = [_plain(old), _plain(value)]
        setattr(case, name, value)
    with transaction.atomic():
        case.save()
        Step.objects.create(case=case, state=to, on=day, by=_user(user), note=note.strip())
        record_change(
            user=user,
            via=via,
            model=Case,
            verb="updated",
            refs=[case.ref],
            details={case.ref: changes},
            source=SOURCE,
            reason=note.strip(),
            organisation=case.organisation,
            members=[case.member],
        )
    return case


def accept(case: Case, *, user: Any, on: datetime.date | None = None, note: str = "") -> Case:
    day = on or timezone.localdate()
    return move(case, State.ACCEPTED, user=user, on=day, note=note, fields={"answered_on": day})


def decline(case: Case, reason: str, *, user: Any, on: datetime.date | None = None) -> Case:
    """Decline with a reason the Member reads. The request stays counted as asked."""
    if not reason.strip():
        raise ValidationError({"reason": "say why the request is declined: the Member reads it"})
    day = on or timezone.localdate()
    fields = {"declined_reason": reason.strip(), "answered_on": case.answered_on or day}
    return move(case, State.DECLINED, user=user, on=day, note=reason, fields=fields)


def withdraw(case: Case, *, user: Any, note: str = "") -> Case:
    """The Member (or the desk) withdraws an open request; a scheduled activity is cancelled."""
    from .delivery import cancel_activity

    with transaction.atomic():
        if case.state == State.SCHEDULED:
            cancel_activity(case, user=user, reason=note or "the request was withdrawn")
        return move(case, State.WITHDRAWN, user=user, note=note)


def _channel(case: Case) -> str:
    return str(Channel(case.channel).label)


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _plain(value: Any) -> Any:
    """A value as the history keeps it: records by their id, the rest as `recording.plain`."""
    if isinstance(value, Expert | Request):
        return value.ref
    return plain(value)


def _values(case: Case) -> dict[str, Any]:
    values = {
        "organisation": case.organisation.code,
        "member": case.member.iso3,
        "subject": case.subject,
        "kind": case.kind,
        "topics": sorted(case.topics.values_list("code", flat=True)),
        "preferred_start": _plain(case.preferred_start),
        "preferred_end": _plain(case.preferred_end),
        "language": case.language,
        "urgency": case.urgency,
        "channel": case.channel,
        "received_on": case.received_on.isoformat(),
        "state": case.state,
    }
    return {k: v for k, v in values.items() if v not in (None, "", [])}
