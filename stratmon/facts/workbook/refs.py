"""Every key a workbook may reference, loaded once per import, both ways (key ↔ primary key)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef

from stratmon.facts.models import Activity, Expert, Partner, Topic
from stratmon.plans.models import KPI, Action, Member, Organisation, Plan

from .cells import CellError, parse_list, parse_member_code, parse_plan_key, parse_text, show

UNKNOWN = {
    "member": "Member",
    "topic": "topic",
    "organisation": "organisation",
    "action": "action",
    "kpi": "KPI",
    "activity": "activity",
    "expert": "expert",
}


class Refs:
    """Key → pk per target (pk None: defined in the workbook, not yet saved), and pk → key."""

    def __init__(self) -> None:
        self.pk: dict[str, dict[str, int | None]] = {}
        self.key: dict[str, dict[int, str]] = {}
        # Partner names match whatever their case; the first spelling seen is kept.
        self.partner_names: dict[str, str] = {}

    @classmethod
    def load(cls) -> Refs:
        refs = cls()
        refs._add("member", Member.objects.order_by().values_list("iso3", "pk"))
        refs._add("organisation", Organisation.objects.order_by().values_list("code", "pk"))
        # A merged topic's code still names the topic it went into (docs/topics.md), read in
        # the same query; the topic's own code, added after, is the one written back.
        topics = list(Topic.objects.order_by().values_list("code", "pk", "aliases__code"))
        refs._add("topic", ((alias, pk) for _, pk, alias in topics if alias))
        refs._add("topic", ((code, pk) for code, pk, _ in topics))
        refs._add("activity", Activity.objects.order_by().values_list("ref", "pk"))
        refs._add("expert", Expert.objects.order_by().values_list("ref", "pk"))
        refs._add("partner", Partner.objects.order_by().values_list("name", "pk"))
        for name in refs.pk["partner"]:
            refs.partner_names[name.casefold()] = name
        for target, model in (("action", Action), ("kpi", KPI)):
            in_use = Exists(Plan.objects.current().filter(pk=OuterRef("plan_id")))
            rows = model.objects.order_by().values_list("plan__code", "code", "pk", in_use)
            # Every version names its items `plan:code`; the version in use, added last, owns it.
            ordered = sorted(rows, key=lambda row: row[3])
            refs._add(target, ((f"{plan}:{code}", pk) for plan, code, pk, _ in ordered))
        return refs

    def _add(self, target: str, pairs: Any) -> None:
        keys = self.pk.setdefault(target, {})
        back = self.key.setdefault(target, {})
        for key, pk in pairs:
            keys[key] = pk
            back[pk] = key

    def define(self, target: str, key: str) -> None:
        """A key the workbook itself defines (a new topic, activity or expert)."""
        self.pk[target].setdefault(key, None)

    def saved(self, target: str, key: str, pk: int) -> None:
        self.pk[target][key] = pk
        self.key[target][pk] = key

    def resolver(self, target: str) -> Callable[[Any], str]:
        """A parser from a cell to the canonical key of an existing or defined row."""
        if target == "partner":
            return self._partner
        known = self.pk[target]
        if target == "member":
            read: Callable[[Any], str] = parse_member_code
        elif target in ("action", "kpi"):
            read = lambda value: parse_plan_key(value, target)  # noqa: E731
        else:
            read = parse_text
        where = {
            "activity": " (not in the activities sheet or the database)",
            "expert": " (not in the experts sheet or the database)",
            "topic": " (not in the topics sheet or the database)",
        }.get(target, "")

        def resolve(value: Any) -> str:
            key = read(value)
            if key not in known:
                raise CellError(f"unknown {UNKNOWN[target]} {show(key)}{where}")
            return key

        return resolve

    def _partner(self, value: Any) -> str:
        name = parse_text(value, max_length=200)
        return self.partner_names.setdefault(name.casefold(), name)

    def list_resolver(self, target: str) -> Callable[[Any], tuple[str, ...]]:
        """A parser for a `;`-separated list; every bad item is named in one message."""
        one = self.resolver(target)

        def resolve(value: Any) -> tuple[str, ...]:
            keys, problems = [], []
            for item in parse_list(value):
                try:
                    keys.append(one(item))
                except CellError as exc:
                    problems.append(str(exc))
            if problems:
                raise CellError("; ".join(problems))
            return tuple(dict.fromkeys(keys))

        return resolve
