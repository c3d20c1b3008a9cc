"""What changed between two versions of a plan: levels, actions and KPIs added, removed, changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .schema import ActionDoc, KpiDoc, Levels, Note, PlanDoc
from .words import plural

# The plan's own fields a new version may change; `status` is the life cycle, not the content.
_PLAN_FIELDS = (
    "title",
    "organisation",
    "period_start",
    "period_end",
    "year_start_month",
    "levels",
    "reference_label",
    "source",
    "notes",
)
KINDS = ("pillar", "objective", "action", "KPI")
# Changing one of these of a KPI changes what the plan promised: it needs a reason.
NEEDS_REASON = ("target", "deadline", "measure")


@dataclass(frozen=True)
class Change:
    """One field of one item, as text: `field`, `old`, `new`."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Item:
    """An item added, removed or changed; `changes` lists the fields of a changed one."""

    kind: str  # plan | pillar | objective | action | KPI
    code: str
    text: str = ""
    changes: tuple[Change, ...] = ()


@dataclass(frozen=True)
class PlanDiff:
    added: tuple[Item, ...] = ()
    removed: tuple[Item, ...] = ()
    changed: tuple[Item, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    @property
    def promises_changed(self) -> list[str]:
        """`KPI 1.a: target` for each KPI whose target, deadline or measure changes: a change
        that needs a reason."""
        return [
            f"KPI {i.code}: {c.field}"
            for i in self.changed
            if i.kind == "KPI"
            for c in i.changes
            if c.field in NEEDS_REASON
        ]

    def count(self, kind: str) -> tuple[int, int, int]:
        """(added, removed, changed) items of `kind`."""
        return (
            sum(i.kind == kind for i in self.added),
            sum(i.kind == kind for i in self.removed),
            sum(i.kind == kind for i in self.changed),
        )

    def summary(self) -> str:
        """`plan details changed; actions: 1 added, 2 changed; KPIs: 1 removed`."""
        parts = ["plan details changed"] if self.count("plan")[2] else []
        for kind in KINDS:
            numbers = zip(self.count(kind), ("added", "removed", "changed"), strict=True)
            said = [f"{n} {word}" for n, word in numbers if n]
            if said:
                parts.append(f"{plural(kind)}: {', '.join(said)}")
        return "; ".join(parts) or "no changes"

    def lines(self) -> list[str]:
        """One line per item: `+ action 1.ll: text`, `- KPI 1.b`, `~ KPI 1.a: target: 'a' → 'b'`."""
        out = [f"+ {i.kind} {i.code}: {_short(i.text)}" for i in self.added]
        out += [f"- {i.kind} {i.code}: {_short(i.text)}" for i in self.removed]
        for item in self.changed:
            where = f"{item.kind} {item.code}" if item.kind != "plan" else "plan"
            fields = "; ".join(
                f"{c.field}: '{_short(c.old, 40)}' → '{_short(c.new, 40)}'" for c in item.changes
            )
            out.append(f"~ {where}: {fields}")
        return out

    def to_data(self) -> dict[str, Any]:
        """Plain data for JSON and the change history."""

        def item(i: Item) -> dict[str, Any]:
            data: dict[str, Any] = {"kind": i.kind, "code": i.code}
            if i.changes:
                data["changes"] = {c.field: [c.old, c.new] for c in i.changes}
            return data

        return {
            "added": [item(i) for i in self.added],
            "removed": [item(i) for i in self.removed],
            "changed": [item(i) for i in self.changed],
        }


def diff_plans(old: PlanDoc, new: PlanDoc) -> PlanDiff:
    """The changes that turn `old` into `new`, matched on codes, in `new`'s plan order
    (removed items in `old`'s). The status is not compared: it is the plan's life cycle."""
    olds, news = _items(old), _items(new)
    added = tuple(_item(key, fields) for key, fields in news.items() if key not in olds)
    removed = tuple(_item(key, fields) for key, fields in olds.items() if key not in news)
    changed = []
    for key, fields in news.items():
        if key not in olds:
            continue
        before = olds[key]
        changes = tuple(
            Change(name, _text(before.get(name)), _text(value))
            for name, value in fields.items()
            if before.get(name) != value
        )
        if changes:
            changed.append(Item(key[0], key[1], _text(fields.get("text", "")), changes))
    return PlanDiff(added, removed, tuple(changed))


def _item(key: tuple[str, str], fields: dict[str, Any]) -> Item:
    return Item(key[0], key[1], _text(fields.get("text") or fields.get("title") or ""))


def _items(plan: PlanDoc) -> dict[tuple[str, str], dict[str, Any]]:
    """Every item of the plan keyed by (kind, code), with the fields a version may change."""
    items: dict[tuple[str, str], dict[str, Any]] = {
        ("plan", plan.code): {name: getattr(plan, name) for name in _PLAN_FIELDS}
    }
    for p in plan.pillars:
        items[("pillar", p.code)] = {
            "title": p.title,
            "overall_objective": p.overall_objective,
            "notes": p.notes,
        }
        for o in p.objectives:
            items[("objective", o.code)] = {"title": o.title, "pillar": p.code}
        for objective, a in p.all_actions():
            items[("action", a.code)] = _action(a, p.code, objective.code if objective else "")
            for k in a.kpis:
                items[("KPI", k.code)] = _kpi(k, a.code)
    return items


def _action(a: ActionDoc, pillar: str, objective: str) -> dict[str, Any]:
    return {"text": a.text, "reference": a.reference, "pillar": pillar, "objective": objective}


def _kpi(k: KpiDoc, action: str) -> dict[str, Any]:
    return {
        "text": k.text,
        "target": k.target,
        "deadline": k.deadline,
        "origin": k.origin,
        "measure": k.measure.to_data() if k.measure else None,
        "planned_start": k.planned_start,
        "suggested": k.suggested,
        "action": action,
    }


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Levels):
        return f"{value.pillar} / {value.objective} / {value.action}"
    if isinstance(value, tuple) and all(isinstance(v, Note) for v in value):
        return "; ".join(f"{v.title}: {v.text}" for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)


def _short(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
