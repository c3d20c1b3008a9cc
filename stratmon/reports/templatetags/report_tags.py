"""Filters for the report templates: a KPI JSON figure in words, a date from ISO text."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import template

from stratmon.web.heatmap_data import STATUS_WORDS, SYMBOLS  # the heat map's signs

register = template.Library()


@register.filter
def figure(kpi: dict[str, Any], name: str) -> str:
    """`kpi[name]` (actual, expected, projected) as a reader writes it: 25 %, 27, 3.5, —."""
    value = kpi.get(name)
    if value is None:
        return "—"
    number = Decimal(str(value))
    if kpi["target"].get("kind") in ("share", "change"):
        number *= 100
        suffix = " %"
    else:
        suffix = ""
    text = f"{number.quantize(Decimal('0.1')):f}".removesuffix(".0")
    return text + suffix


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
