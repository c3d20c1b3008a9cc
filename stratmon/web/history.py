"""The history pages: the Secretariat reads who changed which records, when, how and why."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from stratmon.accounts import access
from stratmon.history.models import Change, ChangeRef, ChangeRow

PAGE = 50  # entries a page
LINES = 5  # records listed per entry; the others are counted
VIAS = ("admin", "cli", "sample", "web", "workbook")  # suggested in the filter, not enforced


@dataclass
class Entry:
    """One entry as a page shows it: the records the viewer may see, the first few listed."""

    change: Change
    rows: list[ChangeRow]
    more: int = 0  # records the viewer may see, not listed
    hidden: int = 0  # records of Members the viewer may not see
    who: str = ""  # who made it, in words
    who_pk: int | None = None  # the user, when the viewer may list its changes


@dataclass
class Filters:
    """The list's filters as given in the query string; `errors` names those ignored."""

    model: str = ""
    via: str = ""
    user: str = ""
    member: str = ""
    since: datetime.date | None = None
    until: datetime.date | None = None
    errors: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, query: Any) -> Filters:
        found = cls(
            model=query.get("model", "").strip().lower(),
            via=query.get("via", "").strip(),
            user=query.get("user", "").strip(),
            member=query.get("member", "").strip().upper(),
        )
        for name in ("since", "until"):
            text = query.get(name, "").strip()
            try:
                setattr(found, name, datetime.date.fromisoformat(text) if text else None)
            except ValueError:
                found.errors.append(f"'{text}' is not a date (YYYY-MM-DD): not applied.")
        return found

    def apply(self, changes: QuerySet[Change]) -> QuerySet[Change]:
        if self.model:
            changes = changes.filter(model=self.model)
        if self.via:
            changes = changes.filter(via=self.via)
        if self.user:
            changes = changes.filter(user__username=self.user)
        if self.member:
            links = Change.members.through.objects.filter(member__iso3=self.member)
            changes = changes.filter(pk__in=links.values("change_id"))
        if self.since:
            changes = changes.filter(at__date__gte=self.since)
        if self.until:
            changes = changes.filter(at__date__lte=self.until)
        return changes


def _require_history_reader(request: HttpRequest) -> None:
    if not access.can_view_history(request.user):
        raise PermissionDenied("Only the Secretariat reads the change history.")


@require_GET
def history_list(request: HttpRequest) -> HttpResponse:
    _require_history_reader(request)
    return _page(request, access.visible_changes(request.user), "Change history")


@require_GET
def record_history(request: HttpRequest, model: str, ref: str) -> HttpResponse:
    _require_history_reader(request)
    named = ChangeRef.objects.filter(model=model, ref=ref).values("change_id")
    changes = access.visible_changes(request.user).filter(pk__in=named)
    return _page(request, changes, f"History of {model} {ref}", only=ref)


@require_GET
def member_history(request: HttpRequest, iso3: str) -> HttpResponse:
    _require_history_reader(request)
    member = get_object_or_404(access.member_scope(request.user), iso3=iso3.upper())
    links = Change.members.through.objects.filter(member=member).values("change_id")
    changes = access.visible_changes(request.user).filter(pk__in=links)
    return _page(request, changes, f"History of {member.name} ({member.iso3})", member=member)


@require_GET
def user_history(request: HttpRequest, pk: int) -> HttpResponse:
    _require_history_reader(request)
    who = get_object_or_404(access.history_users(request.user), pk=pk)
    changes = access.visible_changes(request.user).filter(user=who)
    return _page(request, changes, f"Changes made by {who.get_username()}")


def _page(
    request: HttpRequest,
    changes: QuerySet[Change],
    title: str,
    only: str = "",
    member: Any = None,
) -> HttpResponse:
    """The page's entries, newest first: a count, a page of entries and, for those not
    superusers, the Members and users they may see; as many queries however many entries."""
    user = request.user
    filters = Filters.parse(request.GET)
    found = filters.apply(changes).select_related("user").order_by("-at", "-pk")
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    everyone = access.is_superuser(user)
    seen = None if everyone else set(access.member_scope(user).values_list("iso3", flat=True))
    names = None if everyone else set(access.history_users(user).values_list("pk", flat=True))
    entries = [_entry(c, seen, names, only) for c in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "title": title,
        "entries": entries,
        "page": page,
        "query": query.urlencode(),
        "filters": filters,
        "models": _model_names(),
        "vias": VIAS,
        "lines": LINES,
        "member": member,  # a Member's history links to its profile
    }
    return render(request, "web/history.html", context)


def _entry(change: Change, seen: set[str] | None, names: set[int] | None, only: str) -> Entry:
    """`change` less the records of Members outside `seen` (None: every Member)."""
    refs = [only] if only else change.refs
    per_record = change.record_members or {}
    shown = [
        ref
        for ref in refs
        if seen is None or not per_record.get(ref) or seen.intersection(per_record[ref])
    ]
    who, who_pk = "", None
    if change.user is not None:
        if names is None or change.user_id in names:
            who, who_pk = change.user.get_username(), change.user_id
        else:
            who = "a user of another organisation"
    return Entry(
        change=change,
        rows=change.rows_of(shown[:LINES]),
        more=max(len(shown) - LINES, 0),
        hidden=len(refs) - len(shown),
        who=who,
        who_pk=who_pk,
    )


def _model_names() -> list[str]:
    """Kinds of record the filter offers: every model the history may name."""
    # Sign-in attempts (axes) are counted, not recorded.
    skip = {"contenttypes", "sessions", "admin", "history", "axes"}
    return sorted(
        m._meta.model_name or "" for m in apps.get_models() if m._meta.app_label not in skip
    )


def entries_for(user: Any, changes: list[Change]) -> list[Entry]:
    """`changes` as `user` may read them, as the history pages show them (other pages list a
    few recent ones): two queries for those who are not superusers, whatever the entries."""
    everyone = access.is_superuser(user)
    seen = None if everyone else set(access.member_scope(user).values_list("iso3", flat=True))
    names = None if everyone else set(access.history_users(user).values_list("pk", flat=True))
    return [_entry(c, seen, names, "") for c in changes]
