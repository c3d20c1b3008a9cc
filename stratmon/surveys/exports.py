"""A survey's responses as a table (one row per response, one column per question), then
rendered as CSV or XLSX. Across form versions the columns are the union of the versions'
questions, in order; a "rate each topic" grid is one column per topic."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from stratmon.facts.models import Topic

from .definition import TOPIC_GRID, Question, parse_form
from .models import Form, Response, Survey

FIXED = ("Submitted at", "Form version", "Link", "Member")


@dataclass(frozen=True)
class Column:
    header: str
    question: str
    topic: str = ""  # a grid's column: the topic rated


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[Any]]


def _questions(forms: list[Form]) -> list[Question]:
    """Every question of `forms` once by id: the oldest version's order, each question a later
    version adds placed after the question it follows there; a question's newest label wins."""
    order: list[str] = []
    latest: dict[str, Question] = {}
    for form in sorted(forms, key=lambda f: f.version):
        before = -1
        for q in parse_form(form.questions).questions:
            if q.id in latest:
                before = order.index(q.id)
            else:
                before += 1
                order.insert(before, q.id)
            latest[q.id] = q
    return [latest[qid] for qid in order]


def response_table(survey: Survey) -> Table:
    """The survey's responses as rows of plain values (numbers, texts), headers first."""
    responses = list(
        Response.objects.filter(survey=survey)
        .select_related("form", "member")
        .order_by("submitted_at", "pk")
    )
    forms = {survey.form_id: survey.form} | {r.form_id: r.form for r in responses}
    questions = _questions(list(forms.values()))
    names = dict(Topic.objects.values_list("code", "name"))
    columns: list[Column] = []
    for q in questions:
        if q.type != TOPIC_GRID:
            columns.append(Column(q.label, q.id))
            continue
        rated = {code for r in responses for code in (r.answers.get(q.id) or {})}
        topics = list(q.topics) + sorted(rated - set(q.topics), key=lambda c: names.get(c, c))
        columns += [Column(f"{q.label}: {names.get(t, t)}", q.id, t) for t in topics]
    rows = []
    for r in responses:
        fixed = [
            timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M"),
            r.form.version,
            "single-use" if r.invitation_id else "open",
            r.member.iso3 if r.member else "",
        ]
        rows.append(fixed + [_value(r.answers, c) for c in columns])
    return Table([*FIXED, *(c.header for c in columns)], rows)


def _value(answers: dict[str, Any], column: Column) -> Any:
    given = answers.get(column.question)
    if given is None:
        return ""
    if column.topic:
        return given.get(column.topic, "") if isinstance(given, dict) else ""
    if isinstance(given, list):
        return "; ".join(str(v) for v in given)  # a multiple choice
    return given


def as_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(table.headers)
    writer.writerows(table.rows)
    return out.getvalue()


def as_xlsx(table: Table, title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Responses")
    sheet.append(table.headers)
    for row in table.rows:
        sheet.append([_cell(sheet, v) for v in row])
    out = io.BytesIO()
    book.properties.title = title[:200]
    book.save(out)
    return out.getvalue()


def _cell(sheet: Any, value: Any) -> Any:
    if value == "":
        return None
    if isinstance(value, str) and value.startswith("="):
        # A respondent's words are data, never a formula a spreadsheet would evaluate.
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value
