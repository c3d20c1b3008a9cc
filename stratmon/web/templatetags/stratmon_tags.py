"""Template filters for StratMon's pages."""

from django import template

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
