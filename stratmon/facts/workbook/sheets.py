"""The data-entry workbook's sheets and columns: one declaration per record type, in order."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from django.db import models

from stratmon.facts.models import (
    Activity,
    Agreement,
    Evaluation,
    Expert,
    ExpertAssignment,
    MemberStatus,
    MilestoneUpdate,
    Output,
    Participation,
    Request,
    Topic,
)
from stratmon.plans.models import KPI

TEXT = "text"
DATE = "date"
INTEGER = "integer"
DECIMAL = "decimal"
CHOICE = "choice"
REF = "reference"
REFS = "list of references"

# What each kind of reference names, as the README and the docs explain it.
TARGETS = {
    "member": "Member by ISO alpha-3 code, e.g. FJI",
    "topic": "topic code, e.g. rkc (the topics sheet or the database)",
    "organisation": "organisation code, e.g. rocb-ap",
    "action": "plan-code:action-code, e.g. rocb-ap-sap-2022-2024:1.hh",
    "kpi": "plan-code:kpi-code, e.g. oco-sp-2022-2027:6.1.1.m",
    "activity": "an activity id (the activities sheet or the database)",
    "expert": "an expert id (the experts sheet or the database)",
    "partner": "partner name; a new name creates the partner",
}


@dataclass(frozen=True)
class Column:
    """One column: its header, type, whether it is required, and the model field it fills."""

    name: str
    type: str
    required: bool
    description: str
    field: str = ""
    target: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int | None = None
    blank: Any = None  # the value stored when the cell is empty
    minimum: int = 1  # the smallest whole number an INTEGER column takes
    maximum: int | None = None  # the largest (None: what the model's field holds)

    @property
    def allowed(self) -> str:
        """Allowed values or format, for the README and the docs."""
        if self.type == CHOICE:
            return ", ".join(value for value, _ in self.choices)
        if self.type in (REF, REFS):
            suffix = "; separated by ';'" if self.type == REFS else ""
            return TARGETS[self.target] + suffix
        if self.type == DATE:
            return "YYYY-MM-DD or a date cell"
        if self.type == INTEGER and self.maximum is not None:
            return f"a whole number from {self.minimum} to {self.maximum}"
        if self.type == TEXT and self.max_length:
            return f"at most {self.max_length} characters"
        return ""


@dataclass(frozen=True)
class Sheet:
    name: str
    model: type[models.Model]
    description: str
    columns: tuple[Column, ...]
    key: str  # the column rows are matched on

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def col(
    name: str,
    type_: str,
    required: bool,
    description: str,
    *,
    target: str = "",
    field: str = "",
    minimum: int = 1,
    maximum: int | None = None,
) -> Column:
    return Column(
        name,
        type_,
        required,
        description,
        field=field or name,
        target=target,
        minimum=minimum,
        maximum=maximum,
    )


def _bind(model: type[models.Model], columns: list[Column]) -> tuple[Column, ...]:
    """Fill choices, lengths and blank values from the model, so the two never disagree."""
    bound = []
    for c in columns:
        f = model._meta.get_field(c.field)
        blank: Any = None
        if c.type == REFS:
            blank = ()
        elif f.has_default():
            blank = f.get_default()
        elif not f.null and isinstance(f, models.CharField | models.TextField):
            # Optional text and choice columns store "" when blank: NULL is not allowed.
            blank = ""
        bound.append(
            dataclasses.replace(
                c,
                choices=tuple((str(v), str(label)) for v, label in f.choices or ()),
                max_length=getattr(f, "max_length", None) if c.type == TEXT else None,
                blank=blank,
            )
        )
    return tuple(bound)


def sheet(name: str, model: type[models.Model], description: str, *columns: Column) -> Sheet:
    return Sheet(name, model, description, _bind(model, list(columns)), columns[0].name)


ID = "the row's stable id, e.g. ACT-2023-014; rows are matched on it"

SHEETS: tuple[Sheet, ...] = (
    sheet(
        "topics",
        Topic,
        "Things a Member implements or joins (RKC, TRS, AEO …); matched on code.",
        col("code", TEXT, True, "short code, letters, digits and hyphens, e.g. rkc"),
        col("name", TEXT, True, "the topic's name"),
        col("description", TEXT, False, "a longer explanation"),
    ),
    sheet(
        "member_statuses",
        MemberStatus,
        "A Member's status on a topic from a date on; history is kept row by row.",
        col("id", TEXT, True, ID, field="ref"),
        col("member", REF, True, "the Member", target="member"),
        col("topic", REF, True, "the topic", target="topic"),
        col("status", CHOICE, True, "the status from the effective date on"),
        col("effective", DATE, True, "the date from which this status holds"),
        col("evidence", TEXT, False, "text or a link supporting the status"),
    ),
    sheet(
        "activities",
        Activity,
        "Workshops, missions, meetings, publications … linked to any number of actions.",
        col("id", TEXT, True, ID, field="ref"),
        col("kind", CHOICE, True, "what kind of activity"),
        col("title", TEXT, True, "the activity's title"),
        col("start", DATE, True, "first day"),
        col("end", DATE, True, "last day (on or after start)"),
        col("place", TEXT, False, "city or 'virtual'"),
        col("host", REF, False, "the hosting Member", target="member"),
        col("organiser", REF, False, "the organising organisation", target="organisation"),
        col("partners", REFS, False, "partner organisations", target="partner"),
        col("actions", REFS, False, "plan actions this activity serves", target="action"),
        col("requested_by", REF, False, "the Member that asked for it", target="member"),
        col("status", CHOICE, False, "planned, held or cancelled (blank: held)"),
    ),
    sheet(
        "participations",
        Participation,
        "One person's attendance at one activity.",
        col("id", TEXT, True, ID, field="ref"),
        col("activity", REF, True, "the activity attended", target="activity"),
        col("person", TEXT, False, "the person's name"),
        col("member", REF, False, "the Member the person came from", target="member"),
        col("gender", CHOICE, False, "blank: not_stated"),
        col("role", CHOICE, False, "blank: participant"),
    ),
    sheet(
        "evaluations",
        Evaluation,
        "A respondent's score for an activity, or the mean of several respondents.",
        col("id", TEXT, True, ID, field="ref"),
        col("activity", REF, True, "the activity evaluated", target="activity"),
        col("score", DECIMAL, True, "the score (or mean score), from 1 to scale_max"),
        col("scale_max", INTEGER, False, "the top of the scale (blank: 5)"),
        col("responses", INTEGER, False, "respondents behind the score (blank: 1)"),
        col("comments", TEXT, False, "free comments"),
    ),
    sheet(
        "experts",
        Expert,
        "The expert pool.",
        col("id", TEXT, True, ID, field="ref"),
        col("name", TEXT, True, "the expert's name"),
        col("home", REF, False, "the expert's home Member", target="member"),
        col("accreditation", CHOICE, False, "blank: none"),
        col("category", TEXT, False, "e.g. WCO accredited trainer"),
        col("expertise", REFS, False, "topics of expertise", target="topic"),
        col("gender", CHOICE, False, "blank: not_stated"),
        col("accredited_on", DATE, False, "the day the accreditation took effect; blank: always"),
        col("accredited_until", DATE, False, "the day it expires; blank: no expiry"),
        col("languages", TEXT, False, "languages they work in, e.g. English; French"),
    ),
    sheet(
        "expert_assignments",
        ExpertAssignment,
        "An expert's assignment to an activity.",
        col("id", TEXT, True, ID, field="ref"),
        col("activity", REF, True, "the activity", target="activity"),
        col("expert", REF, True, "the expert", target="expert"),
    ),
    sheet(
        "requests",
        Request,
        "Members' requests for assistance and the Secretariat's requests for contributions.",
        col("id", TEXT, True, ID, field="ref"),
        col("kind", CHOICE, True, "assistance (from a Member) or contribution (to a Member)"),
        col("subject", TEXT, True, "what was asked"),
        col("activity_kind", CHOICE, False, "the kind of activity asked for, e.g. mission"),
        col("requested_on", DATE, True, "the date of the request"),
        col("requested_by", REF, False, "the requesting Member", target="member"),
        col("addressed_to", REF, False, "the Member asked", target="member"),
        col("fulfilled_on", DATE, False, "the date it was met"),
        col("activity", REF, False, "the activity that answered it", target="activity"),
        col(
            "organisation",
            REF,
            False,
            "the organisation asked (assistance) or asking (contribution); blank: any",
            target="organisation",
        ),
    ),
    sheet(
        "agreements",
        Agreement,
        "Agreements between Members (and partners), e.g. AEO MRAs.",
        col("id", TEXT, True, ID, field="ref"),
        col("kind", CHOICE, True, "the kind of agreement"),
        col("title", TEXT, False, "the agreement's title"),
        col("signed_on", DATE, True, "the date of signature"),
        col("members", REFS, True, "the Members party to it", target="member"),
        col("partners", REFS, False, "partner organisations party to it", target="partner"),
    ),
    sheet(
        "outputs",
        Output,
        "Reports, success stories, newsletter articles … linked to actions.",
        col("id", TEXT, True, ID, field="ref"),
        col("kind", CHOICE, True, "the kind of output"),
        col("title", TEXT, True, "the output's title"),
        col("date", DATE, True, "the date of publication or delivery"),
        col("link", TEXT, False, "a link to it"),
        col("members", REFS, False, "Members concerned", target="member"),
        col("actions", REFS, False, "plan actions it serves", target="action"),
    ),
    sheet(
        "milestones",
        KPI,
        "Milestone KPIs set done: updates the KPI's done date and evidence; creates nothing.",
        col("kpi", REF, True, "the milestone KPI", target="kpi", field="code"),
        col("done_on", DATE, False, "the date it was done (blank: not done)"),
        col("evidence", TEXT, False, "text or a link"),
    ),
    sheet(
        "milestone_progress",
        MilestoneUpdate,
        "How far a milestone KPI has come on a date: percent complete, or steps done of steps.",
        col("id", TEXT, True, ID, field="ref"),
        col("kpi", REF, True, "the milestone KPI", target="kpi"),
        col("reported_on", DATE, True, "the date the progress was reported"),
        col(
            "percent_complete",
            INTEGER,
            False,
            "percent complete; 100 means done on reported_on",
            minimum=0,
            maximum=100,
        ),
        col("steps_done", INTEGER, False, "steps done (with steps_total)", minimum=0),
        col("steps_total", INTEGER, False, "steps in all (with steps_done)"),
        col("note", TEXT, False, "what was done, what is next"),
        col("evidence", TEXT, False, "text or a link"),
    ),
)

BY_NAME = {s.name: s for s in SHEETS}
# Fields whose values together must be unique beyond the id, as the database constrains them.
UNIQUE_TOGETHER: dict[str, tuple[str, ...]] = {
    "member_statuses": ("member", "topic", "effective"),
    "expert_assignments": ("activity", "expert"),
}
README = "README"
