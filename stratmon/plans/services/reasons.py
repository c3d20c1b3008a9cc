"""Reasons given while editing a draft, so confirming it does not ask for them again."""

from __future__ import annotations

from stratmon.history.models import Change, ChangeRef

from ..models import Plan

# The editor's history entries carry this key; its value lists the promises the reason covers.
PROMISES_KEY = "promises changed"


def reasons_given(draft: Plan, promised: list[str]) -> str:
    """The reasons given when the editor saved `draft`, joined, when together they cover
    every change in `promised` ("KPI 1.a: target" …); "" when one is not covered."""
    ref = f"{draft.code} v{draft.version}"
    ids = ChangeRef.objects.filter(model="plan", ref=ref).values("change_id")
    covered: set[str] = set()
    reasons: list[str] = []
    for details, reason in (
        Change.objects.filter(pk__in=ids).exclude(reason="").values_list("details", "reason")
    ):
        entry = details.get(ref, {}) if isinstance(details, dict) else {}
        pair = entry.get(PROMISES_KEY) or [None, []]
        covered.update(pair[1] or [])
        reasons.append(reason)
    if not promised or not set(promised) <= covered:
        return ""
    return "; ".join(dict.fromkeys(reasons))
