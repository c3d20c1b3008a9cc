"""How often the suggested measures agree with the measures chosen by hand (issue 16).

Strips every measure from the shipped plan files (a milestone target keeps its milestone,
as the importer gives it), runs the suggestions, and compares each with the hand-chosen
measure: exact / same source but other filters / other source / none (the milestone fallback
where the hand chose something else). Every non-exact KPI is listed with both measures, for
a person to judge whether the suggestion is defensible.

    python -m bench.suggest_agreement [PLAN_FILE ...]
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path

from stratmon.planfiles.measures import default_measure
from stratmon.planfiles.schema import KpiDoc, PlanDoc, read_plan_file
from stratmon.planfiles.suggest import Suggestion, TopicWords, plan_suggestions, read_topic_words

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted((ROOT / "stratmon/plans/builtin/plans").glob("*.yaml"))
TOPICS = ROOT / "stratmon/facts/builtin/topics.yaml"
GRADES = ("exact", "same source", "different source", "none")


def builtin_topics() -> tuple[TopicWords, ...]:
    return read_topic_words(TOPICS)


def stripped(plan: PlanDoc) -> PlanDoc:
    """The plan as the importer gives it: milestones only where the target is a milestone."""

    def kpi(k: KpiDoc) -> KpiDoc:
        return replace(k, measure=default_measure(k.target), suggested="")

    return plan.map_kpis(kpi)


@dataclass(frozen=True)
class Row:
    code: str
    text: str
    target: str
    grade: str
    hand: dict[str, object]
    suggested: dict[str, object] | None
    fit: str
    reason: str


def grade(hand: KpiDoc, suggestion: Suggestion | None) -> str:
    if suggestion is None:  # the milestone kept from the target: exact when hand agrees
        return "exact" if hand.measure == default_measure(hand.target) else "none"
    if suggestion.measure == hand.measure:
        return "exact"
    if suggestion.fit == "none":
        return "none"
    assert hand.measure is not None
    return (
        "same source" if suggestion.measure.source == hand.measure.source else ("different source")
    )


def compare(plan: PlanDoc, topics: tuple[TopicWords, ...]) -> list[Row]:
    found = plan_suggestions(stripped(plan), topics)
    rows = []
    for k in plan.kpis():
        s = found.get(k.code)
        rows.append(
            Row(
                k.code,
                k.text,
                k.target,
                grade(k, s),
                k.measure.to_data() if k.measure else {},
                s.measure.to_data() if s else None,
                s.fit if s else "kept",
                s.reason if s else "milestone target",
            )
        )
    return rows


def summary(rows: list[Row]) -> dict[str, int]:
    return {g: sum(r.grade == g for r in rows) for g in GRADES}


def main(argv: list[str]) -> int:
    topics = builtin_topics()
    for path in [Path(a) for a in argv] or PLANS:
        plan = read_plan_file(path)
        rows = compare(plan, topics)
        counts = summary(rows)
        exact = counts["exact"] / len(rows) if rows else 0.0
        print(
            f"{plan.code}: {len(rows)} KPIs, exact {counts['exact']} ({exact:.0%}), "
            f"same source {counts['same source']}, different source "
            f"{counts['different source']}, none {counts['none']}"
        )
        for r in rows:
            if r.grade != "exact":
                print(f"  {r.code} [{r.grade}, fit {r.fit}] {r.text!r} / {r.target!r}")
                print(f"      hand:      {r.hand}")
                print(f"      suggested: {r.suggested}")
                print(f"      reason:    {r.reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
