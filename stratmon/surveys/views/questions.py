"""The questions of a form as the response page shows them: each with its field name, its
options with the ones given marked, its error and its condition, built before rendering so
the template only reads."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from stratmon.surveys.definition import (
    CHOICE,
    LONGTEXT,
    LONGTEXT_MAX,
    MEMBER,
    MULTI,
    RATING,
    TEXT,
    TEXT_MAX,
    TOPIC,
    TOPIC_GRID,
    Choices,
    FormDef,
    Question,
)

# The template each type is drawn by, and whether it is a group of inputs (fieldset/legend).
GROUPED = {RATING, CHOICE, MULTI, TOPIC_GRID}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    chosen: bool
    id: str


@dataclass(frozen=True)
class GridRow:
    code: str
    name: str
    field: str
    id: str
    options: tuple[Option, ...]


@dataclass
class ShownQuestion:
    q: Question
    number: int
    value: str = ""
    options: tuple[Option, ...] = ()
    rows: tuple[GridRow, ...] = ()
    error: str = ""
    condition: str = ""  # "Answer only if …" for a page read without JavaScript
    condition_values: str = ""  # the answers that show it, as JSON, for respond.js
    maxlength: int = 0
    describedby: list[str] = field(default_factory=list)

    @property
    def grouped(self) -> bool:
        return self.q.type in GROUPED

    @property
    def native_required(self) -> bool:
        """The browser's own check, where it is right: not on checkboxes (it would ask for
        every one) nor on a conditional question (it may stay hidden)."""
        return self.q.required and self.q.show_if is None and self.q.type != MULTI

    @property
    def input_kind(self) -> str:
        return "checkbox" if self.q.type == MULTI else "radio"

    @property
    def id(self) -> str:
        return f"q-{self.q.id}"


def _given(posted: Mapping[str, Sequence[str]], name: str) -> list[str]:
    raw = posted.get(name, ())
    return [raw] if isinstance(raw, str) else [str(v) for v in raw]


def _options(
    base: str, pairs: Sequence[tuple[str, str]], given: Sequence[str]
) -> tuple[Option, ...]:
    return tuple(
        Option(value, label, value in given, f"{base}-o{n}")
        for n, (value, label) in enumerate(pairs, start=1)
    )


def _condition_text(question: Question, form: FormDef) -> str:
    assert question.show_if is not None
    target = form.question(question.show_if.question)
    answers = " or ".join(f"“{v}”" for v in question.show_if.values)
    return f"Answer only if your answer to “{target.label}” was {answers}."


def shown_questions(
    form: FormDef,
    choices: Choices,
    posted: Mapping[str, Sequence[str]] | None = None,
    errors: Mapping[str, str] | None = None,
) -> list[ShownQuestion]:
    """Every question of `form`, filled with what `posted` gave (a form sent back with its
    `errors`) and the pickers' `choices`."""
    posted, errors = posted or {}, errors or {}
    shown = []
    for number, q in enumerate(form.questions, start=1):
        s = ShownQuestion(q, number, error=errors.get(q.id, ""))
        given = _given(posted, q.field)
        if q.type == RATING:
            pairs = [(str(n), str(n)) for n in range(1, q.scale + 1)]
            s.options = _options(s.id, pairs, given)
        elif q.type in (CHOICE, MULTI):
            s.options = _options(s.id, [(o, o) for o in q.options], given)
        elif q.type in (MEMBER, TOPIC):
            pool = choices.members if q.type == MEMBER else choices.topics
            s.options = _options(s.id, pool, given)
        elif q.type == TOPIC_GRID:
            pairs = [("", "–")] + [(str(n), str(n)) for n in range(1, q.scale + 1)]
            rows = []
            for k, (code, name) in enumerate(choices.grid_topics(q), start=1):
                name_of_field = f"{q.field}-{code}"
                row_given = _given(posted, name_of_field) or [""]
                row_id = f"{s.id}-r{k}"
                rows.append(
                    GridRow(code, name, name_of_field, row_id, _options(row_id, pairs, row_given))
                )
            s.rows = tuple(rows)
        else:
            s.value = given[-1] if given else ""
        if q.type in (TEXT, LONGTEXT):
            s.maxlength = TEXT_MAX if q.type == TEXT else LONGTEXT_MAX
        if q.show_if is not None:
            s.condition = _condition_text(q, form)
            s.condition_values = json.dumps(list(q.show_if.values))
        s.describedby = [
            f"{s.id}-{part}"
            for part, present in (("help", q.help), ("if", s.condition), ("error", s.error))
            if present
        ]
        shown.append(s)
    return shown
