"""The priorities of a needs round as downloads: an XLSX workbook (a sheet per view) and one
CSV file (a `view` column tells the views apart), both from the same rows."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from .priorities import SCALE, Priorities, Round

RANKING = ["rank", "topic code", "topic", f"mean need (1-{SCALE})", "Members rated",
           "Members at high need", "previous rank", "previous mean", "change in rank",
           "change in mean"]  # fmt: skip
SUBREGION = ["sub-region", "Members answered", "rank", "topic code", "topic",
             f"mean need (1-{SCALE})", "Members rated", "Members at high need"]  # fmt: skip
MEMBER = ["sub-region", "Member", "ISO3", "answered on", "topic code", "topic", "rating given",
          "scale", f"rating (1-{SCALE})"]  # fmt: skip
CSV_COLUMNS = ["view", "year", *dict.fromkeys(RANKING + SUBREGION + MEMBER)]


def ranking_rows(r: Round) -> list[list[Any]]:
    changes = {c.code: c for c in r.comparison}
    rows = []
    for t in r.topics:
        c = changes.get(t.code)
        rows.append(
            [t.rank, t.code, t.name, t.mean, t.rated, t.high]
            + (
                [c.previous_rank, c.previous_mean, c.rank_change, c.mean_change]
                if c
                else [None] * 4
            )
        )
    # Topics the previous round rated and this one did not: no rank now.
    rows += [
        [None, c.code, c.name, None, 0, 0, c.previous_rank, c.previous_mean, None, None]
        for c in r.comparison
        if c.rank is None
    ]
    return rows


def subregion_rows(r: Round) -> list[list[Any]]:
    return [
        [s.subregion, s.members, t.rank, t.code, t.name, t.mean, t.rated, t.high]
        for s in r.subregions
        for t in s.topics
    ]


def member_rows(r: Round, names: dict[str, str]) -> list[list[Any]]:
    return [
        [
            m.subregion,
            m.name,
            m.iso3,
            m.submitted.date(),
            x.code,
            names.get(x.code, x.code),
            x.given,
            x.scale,
            x.value.quantize(Decimal("0.01")),
        ]
        for m in r.members
        for x in m.ratings
    ]


def _names(r: Round) -> dict[str, str]:
    return {t.code: t.name for t in r.topics}


def priorities_workbook(p: Priorities) -> bytes:
    """The round's ranking, sub-regions and Members, a sheet each; means on 1..SCALE."""
    r = p.round
    assert r is not None
    book = Workbook()
    sheets = [
        ("Ranking", RANKING, ranking_rows(r)),
        ("By sub-region", SUBREGION, subregion_rows(r)),
        ("By Member", MEMBER, member_rows(r, _names(r))),
    ]
    for i, (title, header, rows) in enumerate(sheets):
        ws = book.active if i == 0 else book.create_sheet()
        ws.title = title
        ws.append([_cell(v) for v in header])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            ws.append([_cell(v) for v in row])
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text stays text even when it looks like a formula
        ws.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def priorities_csv(p: Priorities) -> str:
    """One row per ranking row, sub-region row and Member rating, in the order of the
    workbook's sheets; the `view` column says which."""
    r = p.round
    assert r is not None
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS)
    writer.writeheader()
    for view, header, rows in (
        ("ranking", RANKING, ranking_rows(r)),
        ("sub-region", SUBREGION, subregion_rows(r)),
        ("Member", MEMBER, member_rows(r, _names(r))),
    ):
        for row in rows:
            values = {k: _text(v) for k, v in zip(header, row, strict=True)}
            writer.writerow({"view": view, "year": r.year, **values})
    return out.getvalue()


def _text(value: Any) -> Any:
    """A cell a spreadsheet would read as a formula is quoted ('=…)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return "" if value is None else value
