"""A KPI page's drill-down ("the records that count") as rows a template shows.

The records come from stratmon.facts.drilldown; who sees which of them, and which they may
open, from the access module. A page of records costs a fixed number of queries whatever
the data: the count, the page, its Members, the evidence files it names, and the records
the user may open on the Data pages.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from stratmon.accounts import access
from stratmon.engine.describe import long_date
from stratmon.facts import drilldown
from stratmon.facts.aggregates import Scope
from stratmon.facts.workbook.sheets import BY_NAME
from stratmon.planfiles.describe import STATUS_WORDS
from stratmon.planfiles.measures import Measure
from stratmon.plans.models import Member

from .data_entry import in_reach

PER_PAGE = 50
# Which Members a record names, and which activity it belongs to: what the access module
# asks to decide whether the user may see it listed.
# (foreign keys, many-to-many fields, the activity)
NAMED: dict[str, tuple[tuple[str, ...], tuple[str, ...], str]] = {
    "activities": ((), (), "pk"),
    "participations": (("member",), (), "activity"),
    "evaluations": ((), (), "activity"),
    "requests": (("requested_by", "addressed_to"), (), ""),
    "agreements": ((), ("members",), ""),
    "outputs": ((), ("members",), ""),
}
SHEETS = {name: name for name in NAMED} | {"milestone": "milestone_progress"}
_FILE = re.compile(r"^/evidence/(\d+)/(\S+)$")
_WEB = re.compile(r"^https?://\S+$")


@dataclass(frozen=True)
class Piece:
    """A bit of text, a link (`href`), or a Member (`iso3`) linked to its profile."""

    text: str
    href: str = ""
    external: bool = False


@dataclass
class Row:
    """One record: its id (linked to its Data page where the user may open it), its cells,
    and for a share whether it is in the part that the share counts."""

    ref: str
    href: str
    cells: list[list[Piece]]
    in_part: bool | None = None


@dataclass
class Listing:
    """A page of counted records, or every Member of the organisation (Member statuses)."""

    kind: str  # "records", "members", "progress" or "none"
    columns: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    page: Page[Any] | None = None
    total: int = 0  # records that count, whether the user sees them or not
    hidden: int = 0  # of those, the ones the user may not see
    members: list[Piece] = field(default_factory=list)  # distinct Members counted
    members_hidden: int = 0
    groups: list[tuple[str, list[Row]]] = field(default_factory=list)  # Members: in, not yet
    counted: int = 0  # Member statuses: Members in
    share: bool = False


def build(
    user: Any, m: Measure | None, scope: Scope, kpi_id: int, page_number: str | None
) -> Listing:
    """The drill-down of a KPI with measure `m` in `scope`, as the user may see it."""
    if m is None:
        return Listing("none")
    if m.source == "member_statuses":
        return _members(user, m, scope)
    if m.source == "milestone":
        return _progress(user, kpi_id, scope.as_of, page_number)
    return _records(user, m, scope, page_number)


# --- Member statuses -----------------------------------------------------------------------


def _members(user: Any, m: Measure, scope: Scope) -> Listing:
    rows = drilldown.member_rows(m, scope)
    seen = set(access.member_scope(user).values_list("pk", flat=True))
    shown = [r for r in rows if r.member.pk in seen]
    files = _files(user, (r.evidence for r in shown))
    links = _openable(user, "member_statuses", [r.status_ref for r in shown if r.status_ref])
    new = bool(m.get("new_in_period"))
    out = []
    for r in shown:
        why = ""
        if new:
            why = (
                f"got there on {long_date(r.reached)}"
                if r.counts and r.reached
                else "there already at the plan start"
                if r.at_start
                else "not yet"
            )
        status = STATUS_WORDS.get(r.status, "no status recorded")
        cells = [
            [_member(r.member)],
            [Piece(status, links.get(r.status_ref, ""))],
            [Piece(long_date(r.effective) if r.effective else "")],
            evidence_pieces(r.evidence, files),
        ]
        if new:
            cells.insert(1, [Piece(why)])
        out.append(Row(ref=r.status_ref, href="", cells=cells, in_part=r.counts))
    columns = ["Member", "Status on the topic", "Since", "Evidence"]
    if new:
        columns.insert(1, "Counts")
    counted = sum(r.counts for r in rows)
    groups = [
        (f"In: {counted} of {len(rows)}", [x for x in out if x.in_part]),
        (f"Not yet: {len(rows) - counted}", [x for x in out if not x.in_part]),
    ]
    return Listing(
        "members",
        columns,
        out,
        total=len(rows),
        hidden=len(rows) - len(shown),
        groups=groups,
        counted=counted,
    )


def _member(member: Member) -> Piece:
    # The Member's profile page (built beside this one) at /members/<ISO3>/.
    return Piece(member.name, f"/members/{member.iso3}/")


# --- records -----------------------------------------------------------------------------


def _records(user: Any, m: Measure, scope: Scope, page_number: str | None) -> Listing:
    everything = drilldown.counted_records(m, scope)
    member_fields, many_fields, activity_field = NAMED[m.source]
    visible = access.counted_records_in_view(
        user,
        everything,
        member_fields=member_fields,
        many_fields=many_fields,
        activity_field=activity_field,
    )
    page = Paginator(visible, PER_PAGE).get_page(page_number)
    records = list(page.object_list)
    total = everything.count()
    listing = Listing(
        "records",
        page=page,
        total=total,
        hidden=total - page.paginator.count,
        share=m.aggregate == "share",
    )
    links = _openable(user, m.source, [r.ref for r in records])
    listing.columns, cells = COLUMNS[m.source], CELLS[m.source]
    for r in records:
        listing.rows.append(Row(r.ref, links.get(r.ref, ""), cells(r), getattr(r, "in_part", None)))
    if m.aggregate == "distinct_members":
        members = list(drilldown.counted_members(m, scope))
        seen = set(access.member_scope(user).values_list("pk", flat=True))
        listing.members = [_member(x) for x in members if x.pk in seen]
        listing.members_hidden = len(members) - len(listing.members)
    return listing


def _date(day: datetime.date | None) -> list[Piece]:
    return [Piece(long_date(day) if day else "")]


def _text(text: Any) -> list[Piece]:
    return [Piece(str(text) if text is not None else "")]


def _members_of(members: Iterable[Member | None]) -> list[Piece]:
    return [_member(x) for x in members if x is not None]


COLUMNS = {
    "activities": ["Start", "Title", "Kind", "Host", "Participants"],
    "participations": ["Activity start", "Person", "Member", "Gender", "Role", "Activity"],
    "evaluations": ["Activity start", "Activity", "Score", "Responses"],
    "requests": ["Requested", "Subject", "Kind", "From", "To", "Fulfilled"],
    "agreements": ["Signed", "Title", "Kind", "Parties"],
    "outputs": ["Date", "Title", "Kind", "Members", "Link"],
}


def _activity(a: Any) -> list[list[Piece]]:
    return [
        _date(a.start),
        _text(a.title),
        _text(a.get_kind_display()),
        _members_of([a.host]),
        _text(a.participants),
    ]


def _participation(p: Any) -> list[list[Piece]]:
    return [
        _date(p.activity.start),
        _text(p.person or "(not named)"),
        _members_of([p.member]),
        _text(p.get_gender_display()),
        _text(p.get_role_display()),
        _text(p.activity.title),
    ]


def _evaluation(e: Any) -> list[list[Piece]]:
    score = f"{e.score.normalize():f} of {e.scale_max}"
    return [_date(e.activity.start), _text(e.activity.title), _text(score), _text(e.responses)]


def _request(r: Any) -> list[list[Piece]]:
    return [
        _date(r.requested_on),
        _text(r.subject),
        _text(r.get_kind_display()),
        _members_of([r.requested_by]),
        _members_of([r.addressed_to]),
        _date(r.fulfilled_on),
    ]


def _agreement(a: Any) -> list[list[Piece]]:
    return [
        _date(a.signed_on),
        _text(a.title),
        _text(a.get_kind_display()),
        _members_of(a.members.all()),
    ]


def _output(o: Any) -> list[list[Piece]]:
    link = [Piece("open", o.link, external=True)] if _WEB.match(o.link.strip()) else []
    return [
        _date(o.date),
        _text(o.title),
        _text(o.get_kind_display()),
        _members_of(o.members.all()),
        link,
    ]


CELLS = {
    "activities": _activity,
    "participations": _participation,
    "evaluations": _evaluation,
    "requests": _request,
    "agreements": _agreement,
    "outputs": _output,
}


# --- milestones --------------------------------------------------------------------------


def _progress(user: Any, kpi_id: int, as_of: datetime.date, page_number: str | None) -> Listing:
    page = Paginator(drilldown.progress(kpi_id, as_of), PER_PAGE).get_page(page_number)
    updates = list(page.object_list)
    files = _files(user, (u.evidence for u in updates))
    links = _openable(user, "milestone", [u.ref for u in updates])
    rows = []
    for u in updates:
        if u.percent_complete is not None:
            done = f"{u.percent_complete} %"
        else:
            done = f"{u.steps_done} of {u.steps_total} steps"
        rows.append(
            Row(
                u.ref,
                links.get(u.ref, ""),
                [
                    _date(u.reported_on),
                    _text(done),
                    _text(u.note),
                    evidence_pieces(u.evidence, files),
                ],
            )
        )
    columns = ["Reported", "Progress", "Note", "Evidence"]
    return Listing("progress", columns, rows, page=page, total=page.paginator.count)


# --- links -------------------------------------------------------------------------------


def _openable(user: Any, source: str, refs: list[str]) -> dict[str, str]:
    """{id: its Data page} for the records the user may open there (one query, or none for
    those who do not record facts)."""
    if not refs or not access.can_record_facts(user):
        return {}
    sheet = BY_NAME[SHEETS.get(source, source)]
    found: QuerySet[Any] = in_reach(user, sheet).filter(ref__in=refs)
    return {ref: f"/data/{sheet.name}/{ref}/" for ref in found.values_list("ref", flat=True)}


def _files(user: Any, texts: Iterable[str]) -> dict[int, Any]:
    """The evidence files named in `texts` that the user may open, by id (one query)."""
    ids = {
        int(match[1])
        for text in texts
        for word in text.split()
        if (match := _FILE.match(word)) is not None
    }
    if not ids:
        return {}
    return {f.pk: f for f in access.visible_evidence(user).filter(pk__in=ids)}


def evidence_pieces(text: str, files: dict[int, Any]) -> list[Piece]:
    """Evidence as written, its links made links: a stored file the user may open (by its
    name), a web address; a stored file the user may not open is named, not linked."""
    pieces: list[Piece] = []
    words: list[str] = []

    def flush() -> None:
        if words:
            pieces.append(Piece(" ".join(words)))
            words.clear()

    for word in text.split():
        stored = _FILE.match(word)
        if stored is not None:
            flush()
            file = files.get(int(stored[1]))
            if file is not None and file.name == unquote(stored[2]):
                pieces.append(Piece(file.name, file.get_absolute_url()))
            else:
                pieces.append(Piece("(a file you may not open)"))
        elif _WEB.match(word):
            flush()
            pieces.append(Piece(word, word, external=True))
        else:
            words.append(word)
    flush()
    return pieces
