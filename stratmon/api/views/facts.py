"""Recorded facts, one resource per record type (a sheet of the data workbook):
`/api/v1/facts/<sheet>/` lists and creates, `/api/v1/facts/<sheet>/<id>/` reads, replaces,
changes and deletes. Built from the sheet declarations by `fact_views`, one pair per sheet.

Who may do what is the data pages' rule (the Secretariat, on the records in its reach); every
write goes through `stratmon.facts.records`, the service behind the pages and the workbook.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import Http404
from django.urls import URLPattern, path
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, permissions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.response import Response

from stratmon.accounts import access
from stratmon.facts import records
from stratmon.facts.reach import in_reach, member_fields, plan_fields
from stratmon.facts.workbook import WorkbookError
from stratmon.facts.workbook.sheets import Sheet
from stratmon.web.data_entry import ENTRY_SHEETS

from ..fact_filters import filterset
from ..fact_rows import row_of, rows_of, with_values, workbook_row
from ..fact_schema import (
    REASON,
    REASON_MAX,
    UPDATED_AT,
    component_name,
    input_serializer,
    output_serializer,
)
from ..problems import Problem

VIA = "api"
KEY_MAX = 64  # the longest id (Recorded.ref)


class RecordsFacts(permissions.BasePermission):
    """The data pages' rule: only the Secretariat (and superusers) record facts."""

    message = "Only the Secretariat records facts: your role may not read or change them here."

    def has_permission(self, request: Request, view: Any) -> bool:
        return access.can_record_facts(request.user)


def url_name(sheet: Sheet) -> str:
    """The sheet's name in addresses: `member_statuses` → `member-statuses`."""
    return sheet.name.replace("_", "-")


def _reason(text: Any) -> str:
    return text if isinstance(text, str) else ""


def _query_text(request: Request, name: str, max_length: int) -> str:
    """A text query parameter, refused (400 naming it) when too long or holding a NUL."""
    text = request.query_params.get(name, "")
    try:
        return str(
            serializers.CharField(max_length=max_length, allow_blank=True).run_validation(text)
        )
    except serializers.ValidationError as exc:
        message = "; ".join(str(m) for m in exc.detail)  # type: ignore[union-attr]
        raise Problem(400, f"{name}: {message}", [{"field": name, "message": message}]) from None


def _expected_of(text: str, field: str) -> datetime.datetime | None:
    """`?updated_at=` of a delete, as the optimistic lock's time (400 when it is not one)."""
    if not text:
        return None
    try:
        parsed = serializers.DateTimeField().to_internal_value(text)
    except serializers.ValidationError:
        raise Problem(
            400,
            f"{field}: {text[:40]!r} is not a time as the record's updated_at gives it",
            [{"field": field, "message": "give the updated_at the record was read with"}],
        ) from None
    return parsed  # type: ignore[no-any-return]


class FactView(generics.GenericAPIView):
    """What both views of a sheet share; `fact_views` sets `sheet`."""

    sheet: Sheet
    parser_classes = [JSONParser]
    # OPTIONS is not part of the API (the schema says what each address takes): 405.
    metadata_class = None
    permission_classes = [*generics.GenericAPIView.permission_classes, RecordsFacts]

    def get_queryset(self) -> QuerySet[Any]:
        found = in_reach(self.request.user, self.sheet)
        return with_values(found, self.sheet).order_by("pk")

    def get_serializer_class(self) -> type[serializers.Serializer]:
        if self.request is not None and self.request.method in ("POST", "PUT", "PATCH"):
            return input_serializer(self.sheet)
        return output_serializer(self.sheet)

    def read(self, key: str) -> Model:
        found = None
        if len(key) <= KEY_MAX and key.isprintable():
            found = self.get_queryset().filter(ref=key).first()
        if found is None:
            raise Http404(f"{self.sheet.name} has no record {key[:64]!r} in your reach")
        return found

    def save(self, values: dict[str, Any], *, key: str | None, reason: str, expected: Any) -> str:
        """Save one record through the service, all or nothing; its id."""
        sheet, user = self.sheet, self.request.user
        lock = {(sheet.name, key): expected} if key and expected else {}
        try:
            with transaction.atomic():
                report = records.save_records(
                    {sheet.name: [workbook_row(values)]},
                    user=user,
                    via=VIA,
                    source=self.request.path,
                    reason=reason,
                    expected=lock,
                    members=access.recordable_members(user),
                )
                (saved,) = records.keys_of(report, sheet.name) or [key]
                if key is None and not report.counts[sheet.name].created:
                    raise Problem(409, f"{sheet.name} already has a record {saved!r}", _at("id"))
                self._check_reach(str(saved))
        except WorkbookError as exc:
            raise _conflict(exc) or exc from None
        return str(saved)

    def _check_reach(self, key: str) -> None:
        """A record saved out of the writer's reach (a KPI of a plan it does not read) is
        refused, and the save rolled back with it."""
        if in_reach(self.request.user, self.sheet).filter(ref=key).exists():
            return
        named = plan_fields(self.sheet) or member_fields(self.sheet) or ("id",)
        names = [c.name for c in self.sheet.columns if c.field in named]
        message = "names a Member or plan you do not record facts for"
        raise Problem(400, f"{names[0]}: {message}", [_error(n, message) for n in names])

    def answer(self, key: str, code: int = status.HTTP_200_OK) -> Response:
        return Response(row_of(self.read(key), self.sheet), status=code)


def _error(field: str, message: str) -> dict[str, Any]:
    return {"field": field, "message": message}


def _at(field: str, message: str = "") -> list[dict[str, Any]]:
    return [_error(field, message or "taken: leave it blank for a new id")]


def _conflict(exc: WorkbookError) -> Problem | None:
    """A record changed since the writer read it: 409, not a value to correct."""
    for p in exc.problems:
        if p.conflict:
            return Problem(409, p.message, _at(UPDATED_AT, p.message))
    return None


def _taken(sheet: Sheet, key: str) -> bool:
    return sheet.model.objects.filter(**{sheet.columns[0].field: key}).exists()


class FactListView(FactView):
    filter_backends = [DjangoFilterBackend]

    def get(self, request: Request) -> Response:
        found = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(found)
        return self.get_paginated_response(rows_of(page or [], self.sheet))

    def post(self, request: Request) -> Response:
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        reason = _reason(values.pop(REASON, ""))
        values.pop(UPDATED_AT, None)
        key = str(values.get("id") or "").strip()
        if key and _taken(self.sheet, key):
            raise Problem(409, f"{self.sheet.name} already has a record {key[:64]!r}", _at("id"))
        saved = self.save(values, key=None, reason=reason, expected=None)
        return self.answer(saved, status.HTTP_201_CREATED)


class FactDetailView(FactView):
    def get(self, request: Request, key: str) -> Response:
        return self.answer(self.read(key).ref)  # type: ignore[attr-defined]

    def put(self, request: Request, key: str) -> Response:
        return self._change(request, key, partial=False)

    def patch(self, request: Request, key: str) -> Response:
        return self._change(request, key, partial=True)

    def _change(self, request: Request, key: str, *, partial: bool) -> Response:
        record = self.read(key)
        data = self.get_serializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        reason = _reason(values.pop(REASON, ""))
        expected = values.pop(UPDATED_AT, None)
        given = str(values.pop("id", "") or "").strip()
        if given and given != record.ref:  # type: ignore[attr-defined]
            message = "the id is the record's address: it cannot change"
            raise Problem(400, f"id: {message}", [_error("id", message)])
        stored = row_of(record, self.sheet) if partial else {}
        stored.pop(UPDATED_AT, None)
        row = {**stored, **values, "id": record.ref}  # type: ignore[attr-defined]
        saved = self.save(row, key=record.ref, reason=reason, expected=expected)  # type: ignore[attr-defined]
        return self.answer(saved)

    def delete(self, request: Request, key: str) -> Response:
        record = self.read(key)
        expected = _expected_of(_query_text(request, UPDATED_AT, 64).strip(), UPDATED_AT)
        reason = _query_text(request, REASON, REASON_MAX)
        try:
            records.delete_record(
                self.sheet.name,
                record.ref,  # type: ignore[attr-defined]
                user=request.user,
                via=VIA,
                reason=reason,
                expected=expected,
                source=request.path,
            )
        except records.StillNamed as exc:
            # Another record still names it (an expert with assignments): PROTECT refuses.
            message = exc.problems[0].message
            raise Problem(409, message, [_error("id", message)]) from None
        except WorkbookError as exc:
            raise _conflict(exc) or exc from None
        return Response(status=status.HTTP_204_NO_CONTENT)


DELETE_PARAMETERS = [
    OpenApiParameter(REASON, OpenApiTypes.STR, required=True, description="why it is deleted"),
    OpenApiParameter(
        UPDATED_AT,
        OpenApiTypes.DATETIME,
        required=False,
        description="the record's updated_at as you read it: 409 if it changed since",
    ),
]
KEY = OpenApiParameter("key", OpenApiTypes.STR, OpenApiParameter.PATH, description="its id")


def _own(func: Any, schema: Any) -> Any:
    """`func` as a new function carrying `schema`: extend_schema marks the function it is
    given, which the ten sheets' views would otherwise share."""

    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        return func(self, *args, **kwargs)

    method.__name__ = func.__name__
    return schema(method)


def fact_views(sheet: Sheet) -> tuple[type[FactListView], type[FactDetailView]]:
    """The list and detail views of `sheet`, with their schema."""
    name = component_name(sheet)
    given, out = input_serializer(sheet), output_serializer(sheet)
    tags = ["facts"]
    one = {"tags": tags, "parameters": [KEY]}
    change = "Changing a stored value needs `reason`; send `updated_at` back to be warned " + (
        "(409) of a change made since you read the record."
    )
    listing = {
        "get": extend_schema(
            tags=tags,
            summary=f"List {sheet.name}",
            description=sheet.description,
            responses=out(many=True),
        ),
        "post": extend_schema(
            tags=tags,
            summary=f"Record one of {sheet.name}",
            description="A blank or absent id: a new one is given.",
            request=given,
            responses={201: out},
        ),
    }
    detail = {
        "get": extend_schema(summary=f"One of {sheet.name}", responses=out, **one),
        "put": extend_schema(
            summary=f"Replace one of {sheet.name}",
            description=change,
            request=given,
            responses=out,
            **one,
        ),
        "patch": extend_schema(
            summary=f"Change one of {sheet.name}",
            description=change,
            request=given,
            responses=out,
            **one,
        ),
        "delete": extend_schema(
            summary=f"Delete one of {sheet.name}",
            parameters=[KEY, *DELETE_PARAMETERS],
            responses={204: None},
            tags=tags,
        ),
    }
    list_attrs: dict[str, Any] = {
        "sheet": sheet,
        "filterset_class": filterset(sheet),
        "__doc__": sheet.description,
    }
    list_attrs.update({m: _own(getattr(FactListView, m), s) for m, s in listing.items()})
    detail_attrs: dict[str, Any] = {"sheet": sheet, "__doc__": sheet.description}
    detail_attrs.update({m: _own(getattr(FactDetailView, m), s) for m, s in detail.items()})
    return (
        type(f"{name}List", (FactListView,), list_attrs),
        type(f"{name}Detail", (FactDetailView,), detail_attrs),
    )


VIEWS = {sheet.name: fact_views(sheet) for sheet in ENTRY_SHEETS}


def urls() -> list[URLPattern]:
    """`facts/<sheet>/` and `facts/<sheet>/<id>/` of every sheet, named `api-facts-<sheet>` and
    `api-fact-<sheet>`."""
    found = []
    for sheet in ENTRY_SHEETS:
        listed, one = VIEWS[sheet.name]
        segment = url_name(sheet)
        found.append(path(f"facts/{segment}/", listed.as_view(), name=f"api-facts-{segment}"))
        found.append(path(f"facts/{segment}/<str:key>/", one.as_view(), name=f"api-fact-{segment}"))
    return found
