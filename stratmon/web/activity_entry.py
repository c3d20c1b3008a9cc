"""The activity form with its participants table: rows typed in, added, or pasted from a
spreadsheet, saved with the activity in one call to `records.save_records` (all or nothing)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from stratmon.accounts import access
from stratmon.facts import records
from stratmon.facts.models import Participation
from stratmon.facts.workbook import WorkbookError
from stratmon.facts.workbook.sheets import BY_NAME
from stratmon.plans.models import Member

from . import record_forms as rf
from .paste import parse_participants

PARTICIPATIONS = BY_NAME["participations"]
GENDERS = PARTICIPATIONS.column("gender").choices
ROLES = PARTICIPATIONS.column("role").choices
BLANK_ROWS = 5
MAX_ROWS = 2000  # more rows than any workshop has; a bigger post is cut here
ROW_FIELD = re.compile(r"^p-(\d+)-(id|seen|person|member|gender|role)$")


@dataclass
class ParticipantRow:
    """One row of the table, as typed; `errors` are the records' problems placed on it."""

    id: str = ""
    seen: str = ""
    person: str = ""
    member: str = ""
    gender: str = ""
    role: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def blank(self) -> bool:
        return not (self.id or self.person or self.member or self.gender or self.role)

    def gender_choices(self) -> list[tuple[str, str]]:
        return _with_current(GENDERS, self.gender)

    def role_choices(self) -> list[tuple[str, str]]:
        return _with_current(ROLES, self.role)


def _with_current(choices: Any, value: str) -> list[tuple[str, str]]:
    """The choices, and `value` too when it is none of them (so a pasted typo stays visible)."""
    options = [("", "—"), *choices]
    if value and value not in {v for v, _ in options}:
        options.append((value, value))
    return options


def read_rows(data: QueryDict) -> list[ParticipantRow]:
    """The table's rows from the posted `p-N-column` fields, in the order of N."""
    found: dict[int, dict[str, str]] = {}
    for name in data:
        match = ROW_FIELD.match(name)
        if match and int(match[1]) < MAX_ROWS:
            found.setdefault(int(match[1]), {})[match[2]] = data.get(name, "").strip()
    return [ParticipantRow(**found[i]) for i in sorted(found)]


def stored_rows(activity: Any) -> list[ParticipantRow]:
    """The activity's participants as table rows, in the order they were entered."""
    rows = (
        Participation.objects.filter(activity=activity)
        .order_by("pk")
        .values_list("ref", "updated_at", "person", "member__iso3", "gender", "role")
    )
    return [
        ParticipantRow(ref, at.isoformat(), person, iso3 or "", gender, role)
        for ref, at, person, iso3, gender, role in rows
    ]


def fill_from_paste(rows: list[ParticipantRow], text: str) -> list[ParticipantRow]:
    """`rows` (blank ones dropped) followed by the pasted ones."""
    members = dict(Member.objects.values_list("iso3", "name"))
    pasted = parse_participants(text, members, GENDERS, ROLES)
    kept = [r for r in rows if not r.blank]
    return kept + [ParticipantRow("", "", p.person, p.member, p.gender, p.role) for p in pasted]


def padded(rows: list[ParticipantRow], blanks: int = BLANK_ROWS) -> list[ParticipantRow]:
    kept = [r for r in rows if not r.blank]
    return kept + [ParticipantRow() for _ in range(blanks)]


def activity_page(request: HttpRequest, activity: Any) -> HttpResponse:
    """Create (`activity` None) or change an activity and its participants."""
    key = activity.ref if activity is not None else None
    form_class = rf.record_form("activities", request.user, key=key)
    initial: dict[str, Any] = {}
    stored: list[ParticipantRow] = []
    if activity is not None:
        initial = rf.initial_values(form_class, records.stored_values("activities", key) or {})
        initial[rf.SEEN] = activity.updated_at.isoformat()
        stored = stored_rows(activity)
    if request.method != "POST":
        return _render(request, form_class(initial=initial), activity, padded(stored), "", 200)
    form = form_class(request.POST, initial=initial)
    rows = read_rows(request.POST)
    paste = request.POST.get("paste", "")
    step = request.POST.get("step", "save")
    if step == "fill":
        return _render(request, form, activity, padded(fill_from_paste(rows, paste), 2), "", 200)
    if step == "more":
        return _render(request, form, activity, padded(rows), paste, 200)
    if form.is_valid():
        saved = _save(request, form, activity, rows, stored)
        if saved:
            messages.success(request, saved)
            return redirect(reverse("data-list", args=["activities"]))
    return _render(request, form, activity, padded(rows, 2), paste, 400)


def _save(
    request: HttpRequest,
    form: rf.RecordForm,
    activity: Any,
    rows: list[ParticipantRow],
    stored: list[ParticipantRow],
) -> str:
    """Save the activity and its non-blank rows in one call; the message to show, or "" with
    the problems placed on the form and the rows."""
    sent = [r for r in rows if not r.blank]
    before = {r.id: r for r in stored}
    for row in sent:
        if row.id and row.id not in before:
            row.errors.append(f"{row.id} is not a participant of this activity")
    # Only Members the user records facts for may be named, unless a row keeps what it had.
    named = [
        r for r in sent if r.member and (r.id not in before or before[r.id].member != r.member)
    ]
    outside = access.members_out_of_scope(request.user, [r.member for r in named])
    for row in named:
        if row.member.upper() in outside:
            row.errors.append(f"{row.member.upper()} is not a Member of your organisation")
    if any(r.errors for r in sent):
        form.add_error(None, "Nothing was saved: see the participants marked below.")
        return ""
    target = activity.ref if activity is not None else "new:activities:1"
    participations = [
        {
            "id": r.id,
            "activity": target,
            "person": r.person,
            "member": r.member,
            "gender": r.gender,
            "role": r.role,
        }
        for r in sent
    ]
    expected = rf.form_expected(form)
    for row in sent:
        seen = rf.parse_seen(row.seen) if row.id else None
        if seen is not None:
            expected[("participations", row.id)] = seen
    try:
        report = records.save_records(
            {"activities": [rf.form_row(form)], "participations": participations},
            user=request.user,
            via="form",
            source=request.path,
            reason=rf.form_reason(form),
            expected=expected,
        )
    except WorkbookError as exc:
        rf.apply_problems(form, exc)
        place_row_problems(form, exc, sent)
        return ""
    (ref,) = records.keys_of(report, "activities") or [activity.ref]
    people = len(records.keys_of(report, "participations"))
    if not report.changed:
        return f"{ref}: nothing changed."
    return f"Saved {ref}" + (f" and {people} participants." if people else ".")


def place_row_problems(form: rf.RecordForm, exc: WorkbookError, sent: list[ParticipantRow]) -> None:
    """Each participations problem on the row it names: Problem.row counts the rows sent."""
    for problem in exc.problems:
        if problem.sheet != "participations":
            continue
        if 1 <= problem.row <= len(sent):
            column = "" if problem.column in ("", "id") else f"{problem.column}: "
            sent[problem.row - 1].errors.append(f"{column}{problem.message}")
        else:
            form.add_error(None, problem.message)
    if any(r.errors for r in sent):
        form.add_error(None, "Nothing was saved: see the participants marked below.")


def _render(
    request: HttpRequest,
    form: rf.RecordForm,
    activity: Any,
    rows: list[ParticipantRow],
    paste: str,
    status: int,
) -> HttpResponse:
    members = list(access.member_scope(request.user).order_by("name").values_list("iso3", "name"))
    context = {
        "sheet": BY_NAME["activities"],
        "title": "Activities",
        "form": form,
        "record": activity,
        "rows": rows,
        "paste": paste,
        "member_options": members,
        "participants": True,
    }
    return render(request, "web/data_form.html", context, status=status)
