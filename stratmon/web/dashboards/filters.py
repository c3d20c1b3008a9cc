"""The plan dashboard's KPI filters and sorts, read from the query string."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.http import QueryDict

from stratmon.charts import STATUSES, status_label
from stratmon.plans.models import KPI

from ..plan_tree import ActionNode, KpiNode, ObjectiveNode, PillarNode
from .rows import SEVERITY

SORTS = {"plan": "plan order", "status": "status, worst first", "behind": "how far behind"}
ORIGINS = {KPI.Origin.DOCUMENT: "in the plan document", KPI.Origin.ADDED: "added by its owners"}
NAMES = ("pillar", "status", "origin", "q", "sort", "revised")


@dataclass
class KpiFilters:
    """The chosen filters; a value that is not one of the choices is dropped, and said."""

    pillar: str = ""
    status: str = ""
    origin: str = ""
    q: str = ""
    sort: str = "plan"
    revised: str = ""  # "1": only the KPIs revised since the report published as of the date
    errors: list[str] = field(default_factory=list)

    @classmethod
    def parse(cls, query: QueryDict, pillars: list[str]) -> KpiFilters:
        found = cls(**{n: query.get(n, "").strip() for n in NAMES if query.get(n, "").strip()})
        found.q = found.q[:100]
        choices = {
            "pillar": pillars,
            "status": list(STATUSES),
            "origin": list(ORIGINS),
            "sort": list(SORTS),
            "revised": ["1"],
        }
        for name, allowed in choices.items():
            value = getattr(found, name)
            if value and value not in allowed:
                found.errors.append(f"'{value[:40]}' is not a {name} here: not applied.")
                setattr(found, name, cls.__dataclass_fields__[name].default)
        return found

    @property
    def active(self) -> bool:
        """Whether any filter narrows the list (a sort alone does not)."""
        return bool(self.pillar or self.status or self.origin or self.q or self.revised)

    @property
    def sort_label(self) -> str:
        return SORTS[self.sort]

    def described(self, pillar_label: str) -> str:
        """The filters in words: "off track, in Pillar 2, matching 'RKC'"."""
        words = []
        if self.status:
            words.append(status_label(self.status))
        if self.origin:
            words.append(ORIGINS[self.origin].lower())
        if self.pillar:
            words.append(f"in {pillar_label} {self.pillar}")
        if self.q:
            words.append(f"matching '{self.q}'")
        if self.revised:
            words.append("revised since published")
        return ", ".join(words)

    def matches(self, node: KpiNode, pillar_code: str, action_text: str = "") -> bool:
        """Whether the KPI passes every filter; the search reads its code, its words, its
        target and the words of its action (a KPI's own words are often terse)."""
        kpi = node.kpi
        if self.pillar and pillar_code != self.pillar:
            return False
        if self.origin and kpi.origin != self.origin:
            return False
        status = node.evaluation.result.status if node.evaluation else "no_data"
        if self.status and status != self.status:
            return False
        if self.revised and node.revision is None:
            return False
        if self.q:
            needle = self.q.casefold()
            haystack = (kpi.code, kpi.text, kpi.target_text, action_text)
            return any(needle in text.casefold() for text in haystack)
        return True

    def kept(self) -> list[tuple[str, str]]:
        """The values chosen other than the defaults, for forms that keep them."""
        defaults = KpiFilters()
        return [(n, getattr(self, n)) for n in NAMES if getattr(self, n) != getattr(defaults, n)]


def filter_tree(tree: list[PillarNode], filters: KpiFilters) -> list[PillarNode]:
    """The tree with only the KPIs that match; without filters, the whole tree (actions
    without a KPI too), else without the actions, objectives and pillars left empty."""
    if not filters.active:
        return tree

    def action(node: ActionNode, code: str) -> ActionNode | None:
        kept = [k for k in node.kpis if filters.matches(k, code, node.action.text)]
        return replace(node, kpis=kept) if kept else None

    pillars = []
    for p in tree:
        code = p.pillar.code
        actions = [a for a in (action(n, code) for n in p.actions) if a]
        objectives = []
        for o in p.objectives:
            kept = [a for a in (action(n, code) for n in o.actions) if a]
            if kept:
                objectives.append(ObjectiveNode(o.objective, kept))
        if actions or objectives:
            pillars.append(PillarNode(p.pillar, actions, objectives))
    return pillars


def sort_key(sort: str) -> Any:
    """The order of a flat list: worst status first, or furthest behind first (ties by
    status, then plan order; KPIs without figures last)."""
    rank = {s: i for i, s in enumerate(SEVERITY)}

    def by_status(node: KpiNode) -> tuple[int, int]:
        status = node.evaluation.result.status if node.evaluation else "no_data"
        return (rank[status], node.kpi.order)

    def by_gap(node: KpiNode) -> tuple[int, Decimal, int, int]:
        behind = node.row.behind if node.row else None
        return (behind is None, -(behind or Decimal(0)), *by_status(node))

    return by_status if sort == "status" else by_gap
