"""The data pages: the Secretariat lists, adds, changes and deletes recorded facts on the web,
one record type (a sheet of the data workbook) at a time, through `stratmon.facts.records`."""

from __future__ import annotations

import functools
import operator
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from stratmon.accounts import access
from stratmon.facts import records
from stratmon.facts.reach import in_reach, member_fields
from stratmon.facts.workbook import WorkbookError
from stratmon.facts.workbook.sheets import REF, REFS, SHEETS, TEXT, Column, Sheet

from . import record_forms as rf

# Topics are shared by every organisation and milestones are set on the plan page: the data
# pages offer the other record types.
ENTRY_SHEETS = tuple(s for s in SHEETS if s.name not in ("topics", "milestones"))
BY_NAME = {s.name: s for s in ENTRY_SHEETS}
PER_PAGE = 50
VIA = "form"


def entry_sheet(request: HttpRequest, name: str) -> Sheet:
    """The record type `name`, for a user who records facts (403 otherwise, 404 unknown)."""
    if not access.can_record_facts(request.user):
        raise PermissionDenied("Only the Secretariat records facts.")
    if name not in BY_NAME:
        raise Http404("No such record type")
    return BY_NAME[name]


@dataclass(frozen=True)
class SheetEntry:
    sheet: Sheet
    title: str
    count: int


def title_of(sheet: Sheet) -> str:
    return sheet.name.replace("_", " ").capitalize()


def data_index(request: HttpRequest) -> HttpResponse:
    if not access.can_record_facts(request.user):
        raise PermissionDenied("Only the Secretariat records facts.")
    entries = [SheetEntry(s, title_of(s), in_reach(request.user, s).count()) for s in ENTRY_SHEETS]
    return render(request, "web/data_index.html", {"entries": entries})


# --- the list of one record type ----------------------------------------------------------


def shown_columns(sheet: Sheet) -> list[Column]:
    """The columns a list shows: short values and Members, at most six."""
    shown = [
        c
        for c in sheet.columns
        if (c.type == TEXT and c.max_length) or c.type not in (TEXT, REFS) or c.target == "member"
    ]
    return shown[:6]


def _search_field(sheet: Sheet) -> str | None:
    """The record's title-like column, searched beside its id."""
    for c in sheet.columns[1:]:
        if c.type == TEXT and c.max_length:
            return c.field
    return None


def _display(obj: Any, column: Column) -> str:
    if column.type == REFS:
        return "; ".join(m.iso3 for m in getattr(obj, column.field).all())
    value = getattr(obj, column.field)
    if value is None:
        return ""
    if column.type != REF:
        return str(value)
    if column.target == "member":
        return str(value.iso3)
    if column.target in ("topic", "organisation"):
        return str(value.code)
    if column.target in ("kpi", "action"):
        return f"{value.plan.code}:{value.code}"
    return str(value.ref)


@dataclass(frozen=True)
class ListRow:
    ref: str
    cells: list[str]


def data_list(request: HttpRequest, sheet: str) -> HttpResponse:
    found = entry_sheet(request, sheet)
    columns = shown_columns(found)
    found_records = in_reach(request.user, found)
    member = request.GET.get("member", "").strip().upper()
    fields = member_fields(found)
    if member and fields:
        named = functools.reduce(operator.or_, (Q(**{f"{f}__iso3": member}) for f in fields))
        found_records = found_records.filter(pk__in=found.model.objects.filter(named).values("pk"))
    query = request.GET.get("q", "").strip()
    if query:
        search = Q(ref__icontains=query)
        if field := _search_field(found):
            search |= Q(**{f"{field}__icontains": query})
        found_records = found_records.filter(search)
    related = [c.field for c in columns if c.type == REF]
    related += [f"{c.field}__plan" for c in columns if c.target in ("kpi", "action")]
    many = [c.field for c in columns if c.type == REFS]
    ordered = (
        found_records.select_related(*related)
        .prefetch_related(*many)
        .order_by("-created_at", "-pk")
    )
    page = Paginator(ordered, PER_PAGE).get_page(request.GET.get("page"))
    rows = [ListRow(obj.ref, [_display(obj, c) for c in columns]) for obj in page]
    members = (
        list(access.member_scope(request.user).order_by("name").values_list("iso3", "name"))
        if fields
        else []
    )
    context = {
        "sheet": found,
        "title": title_of(found),
        "columns": columns,
        "rows": rows,
        "page": page,
        "members": members,
        "member": member,
        "query": query,
    }
    return render(request, "web/data_list.html", context)


# --- one record -------------------------------------------------------------------------


def _list_url(sheet: Sheet) -> str:
    return reverse("data-list", args=[sheet.name])


@require_http_methods(["GET", "POST"])
def data_new(request: HttpRequest, sheet: str) -> HttpResponse:
    found = entry_sheet(request, sheet)
    if found.name == "activities":
        from .activity_entry import activity_page

        return activity_page(request, None)
    form_class = rf.record_form(found.name, request.user)
    form = form_class(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            report = records.save_records(
                rf.form_rows(form), user=request.user, via=VIA, source=request.path
            )
        except WorkbookError as exc:
            rf.apply_problems(form, exc)
        else:
            (key,) = records.keys_of(report, found.name)
            messages.success(request, f"Saved {key}.")
            return redirect(_list_url(found))
    status = 400 if form.is_bound else 200
    return _form_page(request, found, form, None, status)


def reachable(request: HttpRequest, sheet: Sheet, ref: str) -> Any:
    """The record `ref` of `sheet`, if the user may reach it (404 otherwise)."""
    return get_object_or_404(in_reach(request.user, sheet), ref=ref)


def edit_form(request: HttpRequest, sheet: Sheet, record: Any) -> rf.RecordForm:
    """The edit form of `record`: bound to the request's data, or filled from what is stored."""
    form_class = rf.record_form(sheet.name, request.user, key=record.ref)
    stored = records.stored_values(sheet.name, record.ref) or {}
    initial = rf.initial_values(form_class, stored)
    initial[rf.SEEN] = record.updated_at.isoformat()
    if request.method == "POST":
        return form_class(request.POST, initial=initial)
    return form_class(initial=initial)


@require_http_methods(["GET", "POST"])
def data_edit(request: HttpRequest, sheet: str, ref: str) -> HttpResponse:
    found = entry_sheet(request, sheet)
    record = reachable(request, found, ref)
    if found.name == "activities":
        from .activity_entry import activity_page

        return activity_page(request, record)
    form = edit_form(request, found, record)
    if form.is_bound and form.is_valid():
        try:
            report = records.save_records(
                rf.form_rows(form),
                user=request.user,
                via=VIA,
                source=request.path,
                reason=rf.form_reason(form),
                expected=rf.form_expected(form),
            )
        except WorkbookError as exc:
            rf.apply_problems(form, exc)
        else:
            text = f"Saved {record.ref}." if report.changed else f"{record.ref}: nothing changed."
            messages.success(request, text)
            return redirect(_list_url(found))
    status = 400 if form.is_bound else 200
    return _form_page(request, found, form, record, status)


def _form_page(
    request: HttpRequest, sheet: Sheet, form: rf.RecordForm, record: Any, status: int
) -> HttpResponse:
    context = {"sheet": sheet, "title": title_of(sheet), "form": form, "record": record}
    return render(request, "web/data_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def data_delete(request: HttpRequest, sheet: str, ref: str) -> HttpResponse:
    found = entry_sheet(request, sheet)
    record = reachable(request, found, ref)
    error, status = "", 200
    seen = request.POST.get("seen") or record.updated_at.isoformat()
    reason = request.POST.get("reason", "")
    if request.method == "POST":
        try:
            records.delete_record(
                found.name,
                record.ref,
                user=request.user,
                via=VIA,
                reason=reason,
                expected=rf.parse_seen(seen),
                source=request.path,
            )
        except WorkbookError as exc:
            error, status = "; ".join(p.message for p in exc.problems), 400
        else:
            messages.success(request, f"Deleted {record.ref}.")
            return redirect(_list_url(found))
    context = {
        "sheet": found,
        "title": title_of(found),
        "record": record,
        "seen": seen,
        "reason": reason,
        "error": error,
    }
    return render(request, "web/data_delete.html", context, status=status)
