"""Forms for recorded facts, built from the data workbook's sheet declarations.

A form here only turns widgets into the workbook's row (`{column: value}`) and places the
problems that `stratmon.facts.records.save_records` finds back onto its fields: every check
lives in the workbook's parsers and rules, so a form, an import and a review check alike.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django import forms

from stratmon.accounts import access
from stratmon.facts.models import Expert, Topic
from stratmon.facts.workbook import WorkbookError
from stratmon.facts.workbook.sheets import (
    BY_NAME,
    CHOICE,
    DATE,
    DECIMAL,
    INTEGER,
    REF,
    REFS,
    TEXT,
    Column,
)
from stratmon.plans.models import KPI, Action, Organisation

# Activities and experts can be many: their fields offer the most recent ones as suggestions.
SUGGESTED = 200
REASON = "reason"
SEEN = "seen"


class RecordForm(forms.Form):
    """The base of every built form; the builder sets the class attributes."""

    sheet_name: str = ""
    key: str | None = None  # the record's id when editing, None when creating
    fixed: dict[str, str] = {}
    datalists: dict[str, list[tuple[str, str]]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A stored value the choices lack (an action of a plan the user does not read) stays
        # selectable, so that saving the form never drops it unseen.
        for name, field in self.fields.items():
            current = self.initial.get(name)
            if not isinstance(field, forms.ChoiceField) or current in (None, "", ()):
                continue
            values = current if isinstance(current, list | tuple) else [current]
            known = {str(v) for v, _ in field.choices}
            extra = [(str(v), str(v)) for v in values if str(v) not in known]
            if extra:
                field.choices = [*field.choices, *extra]

    @property
    def sheet(self) -> Any:
        return BY_NAME[self.sheet_name]

    def shown_fields(self) -> list[tuple[Any, list[tuple[str, str]] | None]]:
        """The visible fields in order, each with its suggestions (a `<datalist>`) or None."""
        return [(bf, self.datalists.get(bf.name)) for bf in self.visible_fields()]


def record_form(
    sheet_name: str,
    user: Any,
    *,
    key: str | None = None,
    fixed: dict[str, str] | None = None,
    exclude: Iterable[str] = (),
) -> type[RecordForm]:
    """A form class for one record of `sheet_name`, its choices limited to what `user` may
    pick (Members of `access.member_scope`, actions and KPIs of the plans it reads).

    `key` makes an edit form: the id is shown read-only, and the form carries the time the
    record was read (`seen`) and a reason for the change. `fixed` pins columns to values and
    leaves them out of the form (a focal point's own Member); `exclude` leaves columns out.
    Building costs one query per kind of reference the sheet has, whatever is stored.
    """
    sheet = BY_NAME[sheet_name]
    pinned = dict(fixed or {})
    left_out = set(exclude) | set(pinned)
    choices = _Choices(user)
    attrs: dict[str, Any] = {}
    datalists: dict[str, list[tuple[str, str]]] = {}
    for column in sheet.columns:
        if column.name in left_out:
            continue
        if column is sheet.columns[0] and sheet.key == "id":
            attrs[column.name] = _id_field(column, editing=key is not None)
            continue
        field, suggestions = _field(column, choices)
        attrs[column.name] = field
        if suggestions is not None:
            datalists[column.name] = suggestions
    if key is not None:
        attrs[SEEN] = forms.CharField(required=False, widget=forms.HiddenInput)
        attrs[REASON] = forms.CharField(
            label="Reason for the change",
            required=False,
            widget=forms.Textarea(attrs={"rows": 2, "required": True}),
            help_text="Required when you change a recorded fact; kept in the change history.",
        )
    attrs.update(sheet_name=sheet_name, key=key, fixed=pinned, datalists=datalists)
    return type(f"{sheet_name.title().replace('_', '')}Form", (RecordForm,), attrs)


def _id_field(column: Column, *, editing: bool) -> forms.Field:
    if editing:
        return forms.CharField(label="Id", required=False, disabled=True)
    return forms.CharField(
        label="Id",
        required=False,
        max_length=column.max_length,
        help_text="Leave blank for a new id (such as ACT-2026-0001).",
    )


def _field(column: Column, choices: _Choices) -> tuple[forms.Field, list[Any] | None]:
    """The form field of a column (never required here: the workbook's rules say what is)."""
    label = column.name.replace("_", " ").capitalize()
    common: dict[str, Any] = {"label": label, "required": False, "help_text": column.description}
    marks = {"required": True} if column.required else {}
    if column.type == TEXT:
        long = column.max_length is None and column.name != "link"
        widget = forms.Textarea(attrs={"rows": 3, **marks}) if long else forms.TextInput(marks)
        return forms.CharField(max_length=column.max_length, widget=widget, **common), None
    if column.type == DATE:
        widget = forms.DateInput(attrs={"type": "date", **marks}, format="%Y-%m-%d")
        return forms.DateField(widget=widget, **common), None
    if column.type in (INTEGER, DECIMAL):
        step = "1" if column.type == INTEGER else "any"
        widget = forms.NumberInput(attrs={"step": step, **marks})
        return forms.CharField(widget=widget, **common), None
    if column.type == CHOICE:
        options = [("", "—"), *column.choices]
        return forms.ChoiceField(choices=options, widget=forms.Select(marks), **common), None
    if column.type == REF and column.target in ("activity", "expert"):
        widget = forms.TextInput(attrs={"list": f"list-{column.name}", **marks})
        return forms.CharField(widget=widget, **common), choices.of(column.target)
    if column.type == REF:
        options = [("", "—"), *choices.of(column.target)]
        return forms.ChoiceField(choices=options, widget=forms.Select(marks), **common), None
    if column.type == REFS and column.target == "partner":
        common["help_text"] = f"{column.description}; separate names with ';'"
        return forms.CharField(widget=forms.TextInput(marks), **common), None
    widget: forms.Widget = forms.SelectMultiple(attrs={"size": 8, **marks})
    if column.target == "member":
        widget = forms.CheckboxSelectMultiple(attrs={"class": "checks"})
    return forms.MultipleChoiceField(
        choices=choices.of(column.target), widget=widget, **common
    ), None


class _Choices:
    """The keys a user may pick per reference target, each loaded once."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.loaded: dict[str, list[tuple[str, str]]] = {}

    def of(self, target: str) -> list[tuple[str, str]]:
        if target not in self.loaded:
            self.loaded[target] = list(self._load(target))
        return self.loaded[target]

    def _load(self, target: str) -> Iterable[tuple[str, str]]:
        if target == "member":
            members = access.member_scope(self.user).order_by("name").values_list("iso3", "name")
            return ((iso3, f"{iso3} – {name}") for iso3, name in members)
        if target == "topic":
            return Topic.objects.order_by("code").values_list("code", "name")
        if target == "organisation":
            return Organisation.objects.order_by("code").values_list("code", "short_name")
        if target in ("action", "kpi"):
            model = Action if target == "action" else KPI
            plans = access.visible_plans(self.user).current()
            rows = (
                model.objects.filter(plan__in=plans)
                .order_by("plan__code", "order")
                .values_list("plan__code", "code", "text")
            )
            return ((f"{p}:{c}", f"{p}:{c} – {_short(t)}") for p, c, t in rows)
        if target == "activity":
            found = access.visible_activities(self.user).values_list("ref", "title")
        else:  # the expert pool is the Secretariat's, shared by its organisations
            experts = (
                Expert.objects if access.can_record_facts(self.user) else Expert.objects.none()
            )
            found = experts.values_list("ref", "name")
        return found.order_by("-created_at", "-pk")[:SUGGESTED]


def _short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def initial_values(form_class: type[RecordForm], stored: dict[str, Any]) -> dict[str, Any]:
    """A stored record (`records.stored_values`) as the form's initial values."""
    initial: dict[str, Any] = {}
    sheet = BY_NAME[form_class.sheet_name]
    for name, value in stored.items():
        column = sheet.column(name)
        if column.type == REFS and column.target == "partner":
            value = "; ".join(value)
        elif column.type == REFS:
            value = list(value)
        elif value is None:
            value = ""
        elif column.type in (INTEGER, DECIMAL):
            value = str(value)
        initial[name] = value
    return initial


def form_row(form: RecordForm) -> dict[str, Any]:
    """The workbook row of a bound, valid form: its columns, the pinned ones and the id."""
    row: dict[str, Any] = {}
    for column in form.sheet.columns:
        name = column.name
        if name in form.fixed:
            row[name] = form.fixed[name]
        elif form.key is not None and column is form.sheet.columns[0]:
            row[name] = form.key
        elif name in form.cleaned_data:
            value = form.cleaned_data[name]
            row[name] = "" if value is None else value
    return row


def form_rows(form: RecordForm) -> dict[str, list[dict[str, Any]]]:
    """`save_records`'s argument for the one record of `form`."""
    return {form.sheet_name: [form_row(form)]}


def form_expected(form: RecordForm) -> dict[tuple[str, str], datetime.datetime]:
    """When the edited record was last changed as the form read it (`save_records`'s
    `expected`); empty for a new record or a form without that time."""
    seen = parse_seen(form.cleaned_data.get(SEEN, "")) if form.key is not None else None
    return {(form.sheet_name, form.key): seen} if seen and form.key is not None else {}


def parse_seen(value: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def form_reason(form: RecordForm) -> str:
    return str(form.cleaned_data.get(REASON, "") or "")


def apply_problems(form: RecordForm, exc: WorkbookError, *, row: int = 1) -> None:
    """Place the problems of `form`'s record (its sheet, row `row`) on its fields; problems of
    the whole save, of the reason, or of a column not shown become the form's own errors.
    Problems of other sheets or rows are left to the caller."""
    for problem in exc.problems:
        if problem.sheet and (problem.sheet != form.sheet_name or problem.row != row):
            continue
        field = form.fields.get(problem.column)
        if field is not None and not field.disabled and not field.widget.is_hidden:
            form.add_error(problem.column, problem.message)
        else:
            form.add_error(None, problem.message)
