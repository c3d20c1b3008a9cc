"""The form builder's rows: a form's questions as rows of text fields (what the page shows
and posts back), and rows back to question data for services.save_form. Adding, removing and
moving a row happen on the posted rows, before anything is saved."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.http import QueryDict

from ..definition import CHOICE, MULTI, NUMBER, RATING, TOPIC_GRID, TYPES

FIELDS = ("id", "type", "label", "help", "scale", "options", "min", "max", "topics", "feeds")
FIELDS_MORE = ("show_if", "show_values")
ROWS_MAX = 100
PLACED = re.compile(r"^question (\d+)\b")


def rows_of(questions: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A form's stored questions as the builder's rows of text."""
    rows = []
    for q in questions:
        show_if = q.get("show_if") or {}
        values = show_if.get("in", [show_if["equals"]] if "equals" in show_if else [])
        rows.append(
            {
                "id": str(q.get("id", "")),
                "type": str(q.get("type", "")),
                "label": str(q.get("label", "")),
                "help": str(q.get("help", "")),
                "required": bool(q.get("required", False)),
                "scale": str(q.get("scale", "")),
                "options": "\n".join(map(str, q.get("options", []))),
                "min": "" if q.get("min") is None else str(q["min"]),
                "max": "" if q.get("max") is None else str(q["max"]),
                "topics": "\n".join(map(str, q.get("topics", []))),
                "feeds": str(q.get("feeds", "")),
                "show_if": str(show_if.get("question", "")),
                "show_values": "\n".join(map(str, values)),
            }
        )
    return rows


def rows_posted(post: QueryDict) -> list[dict[str, Any]]:
    """The rows as posted: fields `q<n>-<field>` for n from 0 to `rows` - 1."""
    try:
        count = min(int(post.get("rows", "0")), ROWS_MAX)
    except ValueError:
        count = 0
    rows = []
    for n in range(max(count, 0)):
        row: dict[str, Any] = {k: post.get(f"q{n}-{k}", "").strip() for k in FIELDS + FIELDS_MORE}
        row["required"] = post.get(f"q{n}-required") == "on"
        rows.append(row)
    return rows


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def question_data(row: Mapping[str, Any]) -> dict[str, Any]:
    """One row as a question mapping; fields that do not apply to the row's type are left
    out (the page says so), so changing a type never trips on a stale field."""
    kind = row["type"]
    data: dict[str, Any] = {"id": row["id"], "type": kind, "label": row["label"]}
    if row["help"]:
        data["help"] = row["help"]
    if row["required"]:
        data["required"] = True
    if kind in (RATING, TOPIC_GRID):
        scale = row["scale"] or "5"
        data["scale"] = int(scale) if scale.isdigit() else scale
    if kind in (CHOICE, MULTI):
        data["options"] = _lines(row["options"])
    if kind == NUMBER:
        for key in ("min", "max"):
            if row[key]:
                data[key] = row[key]
    if kind == TOPIC_GRID and row["topics"]:
        data["topics"] = _lines(row["topics"].replace(",", "\n"))
    if row["feeds"]:
        data["feeds"] = row["feeds"]
    if row["show_if"]:
        data["show_if"] = {"question": row["show_if"], "in": _lines(row["show_values"])}
    return data


def blank_row(kind: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """A new row of type `kind`, with an id not yet taken."""
    taken = {r["id"] for r in rows}
    n = len(rows) + 1
    while f"q{n}" in taken:
        n += 1
    row = dict.fromkeys(FIELDS + FIELDS_MORE, "")
    row.update(id=f"q{n}", type=kind if kind in TYPES else RATING, required=False)
    if row["type"] in (RATING, TOPIC_GRID):
        row["scale"] = "5"
    return row


def apply(action: str, rows: list[dict[str, Any]], kind: str = "") -> list[dict[str, Any]]:
    """The rows after `action`: "add", "remove-<n>", "up-<n>", "down-<n>"; others change
    nothing."""
    rows = list(rows)
    if action == "add" and len(rows) < ROWS_MAX:
        return [*rows, blank_row(kind, rows)]
    verb, _, index = action.partition("-")
    if not index.isdigit() or int(index) >= len(rows):
        return rows
    n = int(index)
    if verb == "remove":
        del rows[n]
    elif verb == "up" and n > 0:
        rows[n - 1], rows[n] = rows[n], rows[n - 1]
    elif verb == "down" and n < len(rows) - 1:
        rows[n], rows[n + 1] = rows[n + 1], rows[n]
    return rows


def place(problems: list[str], count: int) -> tuple[dict[int, list[str]], list[str]]:
    """FormError problems by row index (those that name "question <n>"), and the others."""
    placed: dict[int, list[str]] = {}
    general = []
    for problem in problems:
        found = PLACED.match(problem)
        if found and 1 <= int(found.group(1)) <= count:
            placed.setdefault(int(found.group(1)) - 1, []).append(problem)
        else:
            general.append(problem)
    return placed, general
