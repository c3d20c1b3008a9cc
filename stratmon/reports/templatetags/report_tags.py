"""Filters for the report templates: a KPI JSON figure in words, a date from ISO text, a
period's result, a change's figures."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import template

from stratmon.kpis.figures import PERCENT_KINDS
from stratmon.kpis.heatmap import STATUS_WORDS, SYMBOLS  # the heat map's signs

register = template.Library()
# A period's result in words, with a symbol so that it does not rest on colour.
PERIOD_RESULTS = {True: "✔ met", False: "✖ missed", None: "… running"}


def _number(value: Any, kind: str | None) -> str:
    if value is None:
        return "—"
    number = Decimal(str(value))
    suffix = ""
    if kind in PERCENT_KINDS:
        number *= 100
        suffix = " %"
    return f"{number.quantize(Decimal('0.1')):f}".removesuffix(".0") + suffix


@register.filter
def figure(kpi: dict[str, Any], name: str) -> str:
    """`kpi[name]` (actual, expected, projected) as a reader writes it: 25 %, 27, 3.5, —."""
    return _number(kpi.get(name), kpi["target"].get("kind"))


@register.filter
def moved_figures(change: Any, side: str) -> str:
    """A KpiChange's figures on one side ("before", "after"): "21 of 27 expected", "—"."""
    values = getattr(change, side)
    if values["actual"] is None:
        return "no figure"
    text = _number(values["actual"], change.kind)
    if values["expected"] is not None:
        text += f" of {_number(values['expected'], change.kind)} expected"
    return text


@register.filter
def period_result(period: dict[str, Any], kpi: dict[str, Any]) -> str:
    """One period of a frequency target: "Jul 2022–Jun 2023: 4 ✔ met"."""
    start, end = (datetime.date.fromisoformat(period[k]) for k in ("start", "end"))
    value = _number(period["actual"], kpi["target"].get("kind"))
    return f"{start:%b %Y}–{end:%b %Y}: {value} {PERIOD_RESULTS[period['met']]}"


@register.filter
def iso_date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


@register.filter
def label(status: str) -> str:
    return status.replace("_", " ")


@register.filter
def member_status_words(status: str | None) -> str:
    """A Member's status on a topic with the heat map's sign, so that it never rests on
    colour: `◐ in progress`; `– no status` for none."""
    words = STATUS_WORDS.get(status or "", "no status").lower()
    return f"{SYMBOLS.get(status or '', SYMBOLS[''])} {words}"
