"""Template filters and tags for StratMon's pages."""

import json
from decimal import Decimal

from django import template

from stratmon.charts import Chart
from stratmon.kpis.heatmap import STATUS_WORDS, SYMBOLS
from stratmon.planfiles.words import counted as counted_words
from stratmon.planfiles.words import plural as plural_words

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    """`on_track` → `on track`: the status words a reader expects."""
    return status.replace("_", " ")


@register.filter
def plural(name: str) -> str:
    """`{{ plan.pillar_label|plural }}`: Priority → Priorities."""
    return plural_words(str(name))


@register.filter
def counted(n: int, name: str) -> str:
    """`{{ plan.pillars|length|counted:plan.levels.pillar }}`: 6 Priorities, 1 Priority."""
    return counted_words(int(n), str(name))


@register.inclusion_tag("web/_chart.html")
def chart(chart: Chart) -> dict[str, object]:
    """`{% chart status_chart %}`: the figure that charts.js draws, with its table inside."""
    return {"chart": chart, "spec": json.dumps(chart.spec, separators=(",", ":"))}


@register.filter
def member_status(value: str) -> str:
    """`in_progress` → `◐ in progress`: a Member's status on a topic with its symbol, so that
    it does not rest on colour (the heat map's symbols); `– no status` for none."""
    words = STATUS_WORDS.get(value, "no status").lower()
    return f"{SYMBOLS.get(value, SYMBOLS[''])} {words}"


# A sign beside each status's words, so that status never rests on colour alone.
STATUS_ICONS = {
    "achieved": "✓",
    "on_track": "↗",
    "at_risk": "!",
    "off_track": "✗",
    "not_started": "○",
    "no_data": "?",
}


@register.filter
def status_icon(status: str) -> str:
    """`{{ e.result.status|status_icon }}`: ✓ for achieved, ✗ for off track …"""
    return STATUS_ICONS.get(status, "")


@register.filter
def number(value: object) -> str:
    """`{{ e.score|number }}`: a decimal without trailing zeros (4.50 → 4.5, 5.000 → 5)."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return "" if value is None else str(value)
