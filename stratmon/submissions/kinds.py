"""What each kind of submission holds: the workbook sheets it fills, and how it is tied to the
Member that sends it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from stratmon.facts.models import Activity, MemberStatus, Topic
from stratmon.facts.workbook.reader import Problem
from stratmon.facts.workbook.sheets import BY_NAME

from .models import Submission

Kind = Submission.Kind


@dataclass(frozen=True)
class KindSpec:
    sheet: str  # the main record's sheet: one row
    member_column: str = ""  # the column that names the sending Member ("" : none)
    attached: str = ""  # a sheet of rows that come with the main record (participants)
    fixed: dict[str, str] = field(default_factory=dict)  # columns a focal point cannot choose
    hidden: tuple[str, ...] = ("id",)  # columns the submission form does not show


KINDS: dict[str, KindSpec] = {
    Kind.STATUS: KindSpec("member_statuses", "member"),
    Kind.ACTIVITY: KindSpec(
        "activities",
        "host",
        attached="participations",
        hidden=("id", "organiser", "requested_by", "status"),
    ),
    Kind.EVALUATION: KindSpec("evaluations"),
    Kind.REQUEST: KindSpec(
        "requests",
        "requested_by",
        fixed={"kind": "assistance"},
        hidden=("id", "addressed_to", "fulfilled_on", "activity"),
    ),
    Kind.OUTPUT: KindSpec("outputs", "members"),
}


def tie_to_member(kind: str, rows: dict[str, list[dict[str, Any]]], iso3: str) -> None:
    """Pin the sending Member (and the fixed columns) into `rows`, whatever the form sent."""
    spec = KINDS[kind]
    main = rows[spec.sheet][0]
    main.update(spec.fixed)
    if spec.member_column == "members":
        named = [m for m in _keys(main.get("members")) if m != iso3]
        main["members"] = [iso3, *named]
    elif spec.member_column:
        main[spec.member_column] = iso3
    for row in rows.get(spec.attached, []) if spec.attached else []:
        row["activity"] = "new:activities:1"
        if not str(row.get("member") or "").strip():
            row["member"] = iso3


def _keys(value: Any) -> list[str]:
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [v.strip() for v in str(value or "").split(";") if v.strip()]


def member_problems(kind: str, rows: dict[str, list[dict[str, Any]]], iso3: str) -> list[Problem]:
    """What a Member may not report for itself: an evaluation of an activity it neither
    hosted nor attended."""
    if kind != Kind.EVALUATION:
        return []
    ref = str(rows["evaluations"][0].get("activity") or "").strip()
    if not ref:
        return []
    hosted_or_attended = Q(host__iso3=iso3) | Q(participations__member__iso3=iso3)
    if Activity.objects.filter(hosted_or_attended, ref=ref).exists():
        return []
    return [
        Problem(
            f"{ref} is not an activity {iso3} hosted or attended",
            "evaluations",
            1,
            "activity",
        )
    ]


def proposal_problems(kind: str, rows: dict[str, list[dict[str, Any]]]) -> list[Problem]:
    """What `rows` may not hold as a proposal of `kind` (rows sent whole, as the API does,
    rather than through the kind's form): other sheets, more than one main record, unknown
    columns, or a value in a column the Secretariat fills (`hidden`; the id and the pinned
    columns are overwritten instead, as the form does)."""
    spec = KINDS[kind]
    sheets = [spec.sheet, spec.attached] if spec.attached else [spec.sheet]
    problems = []
    for name, items in rows.items():
        if name not in sheets:
            said = " and ".join(sheets)
            message = f"a {kind} submission holds the sheet {said} only"
            problems.append(Problem(message, name[:40]))
            continue
        if name == spec.sheet and len(items) > 1:
            problems.append(Problem("one row: a submission proposes one record", name, 2))
        header = BY_NAME[name].header
        closed = set(spec.hidden) - {"id"} if name == spec.sheet else set()
        for number, row in enumerate(items, start=1):
            for column, value in row.items():
                if column not in header:
                    message = f"unknown column; the columns are: {', '.join(header)}"
                    problems.append(Problem(message, name, number, column[:40]))
                elif column in closed and value not in (None, "", []):
                    message = "the Secretariat fills this column: leave it out"
                    problems.append(Problem(message, name, number, column))
    return problems


def title_of(kind: str, rows: dict[str, list[dict[str, Any]]]) -> str:
    """A line saying what the submission proposes, for lists and the inbox."""
    spec = KINDS[kind]
    main = rows[spec.sheet][0]
    if kind == Kind.STATUS:
        topic = Topic.objects.filter(code=main.get("topic")).first()
        name = topic.name if topic else str(main.get("topic") or "?")
        labels = dict(MemberStatus.Status.choices)
        status = str(main.get("status") or "?")
        return f"{name}: {labels.get(status, status).lower()} from {main.get('effective') or '?'}"
    if kind == Kind.ACTIVITY:
        count = len(rows.get("participations", []))
        return f"{main.get('title') or 'Untitled activity'} ({count} participants)"
    if kind == Kind.EVALUATION:
        scale = main.get("scale_max") or 5
        return f"Evaluation of {main.get('activity') or '?'}: {main.get('score') or '?'}/{scale}"
    if kind == Kind.REQUEST:
        return str(main.get("subject") or "Request for assistance")
    return str(main.get("title") or "Untitled output")


def topic_of(kind: str, rows: dict[str, list[dict[str, Any]]]) -> str:
    if kind == Kind.STATUS:
        return str(rows["member_statuses"][0].get("topic") or "")
    return ""
