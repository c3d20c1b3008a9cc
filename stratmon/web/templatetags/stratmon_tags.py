"""Template filters for StratMon's pages."""

from django import template

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    """`on_track` → `on track`: the status words a reader expects."""
    return status.replace("_", " ")
