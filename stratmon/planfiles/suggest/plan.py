"""Suggestions for one KPI, for every KPI of a plan, and accepting them."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from .. import limits
from ..describe import describe_measure
from ..measures import MILESTONE, MeasureError, parse_measure
from ..schema import ActionDoc, KpiDoc, PlanDoc
from .context import Context
from .rules import Proposal, milestone, propose
from .types import CLOSEST, GOOD, NONE, Suggestion, TopicWords

REASON_MAX = 2000  # the plan file's limit for `suggested`
_QUOTED_MAX = 160


def suggest_measure(
    kpi: KpiDoc, action: ActionDoc, plan: PlanDoc, topics: Sequence[TopicWords]
) -> Suggestion:
    """The measure StratMon proposes for `kpi` of `action`, the reason in words, and the fit
    (`good`, `closest`, `none`). Never raises for any text or target: a KPI nothing fits
    gets the milestone measure and a reason saying so."""
    ctx = Context(kpi, action)
    proposal = propose(ctx, topics)
    try:
        measure = parse_measure(proposal.data)
    except MeasureError as exc:  # a rule's bug must not stop an import: say so instead
        proposal = milestone(f"the rules produced an invalid measure ({exc})")
        measure = MILESTONE
    names = {t.code: t.name for t in topics}
    described = describe_measure(measure, names, "the plan's organisation")
    return Suggestion(measure, _reason(ctx, proposal, described), proposal.fit)


def _target_words(ctx: Context) -> str:
    t = ctx.target
    quoted = _quote(ctx.kpi.target)
    if not t.parsed:
        return f"the target {quoted}"
    if t.kind == "count" and ctx.counts_members:
        return f"a Member count target ({quoted})"
    if t.kind == "count" and t.per_months:
        return f"a frequency target ({quoted})"
    return {
        "count": f"a count target ({quoted})",
        "share": f"a share target ({quoted})",
        "mean": f"an average score target ({quoted})",
        "change": f"a growth target ({quoted})",
        "milestone": f"a milestone target ({quoted})",
    }.get(t.kind or "", f"a measured value target ({quoted})")


def _reason(ctx: Context, proposal: Proposal, described: str) -> str:
    head = f"{_quote(ctx.kpi.text)} and {_target_words(ctx)}"
    if proposal.fit == NONE:
        text = f"{head}{_NOTHING_FITS}{proposal.note} → {described}"
    elif proposal.fit == GOOD:
        note = f" ({proposal.note})" if proposal.note else ""
        text = f"{head}{note} → {described}"
    else:
        text = f"{head}{_CLOSEST_ONLY}{proposal.note} → {described}"
    text = limits.CONTROL.sub(" ", " ".join(text.split()))
    return text[:REASON_MAX]


_NOTHING_FITS = ": nothing fits well: "
_CLOSEST_ONLY = " → closest only: "


def fit_of_reason(reason: str) -> str:
    """The fit a suggestion's reason states (for a plan file, which keeps only the reason)."""
    if _NOTHING_FITS in reason:
        return NONE
    return CLOSEST if _CLOSEST_ONLY in reason else GOOD


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _QUOTED_MAX:
        text = text[: _QUOTED_MAX - 1] + "…"
    return f"'{text}'"


def plan_suggestions(plan: PlanDoc, topics: Sequence[TopicWords]) -> dict[str, Suggestion]:
    """The suggestion for every KPI of `plan` without a measure, by KPI code."""
    return {
        kpi.code: suggest_measure(kpi, action, plan, topics)
        for action in plan.actions()
        for kpi in action.kpis
        if kpi.measure is None
    }


def suggest_plan_measures(plan: PlanDoc, topics: Sequence[TopicWords]) -> PlanDoc:
    """`plan` with every KPI without a measure carrying the suggested one (`suggested` holds
    the reason, until a person accepts it); KPIs with a measure are kept as they are."""
    found = plan_suggestions(plan, topics)

    def kpi(k: KpiDoc) -> KpiDoc:
        s = found.get(k.code)
        return (
            k
            if s is None or k.measure is not None
            else replace(k, measure=s.measure, suggested=s.reason)
        )

    return plan.map_kpis(kpi)


def accept_suggestions(plan: PlanDoc, accepted_codes: Collection[str]) -> PlanDoc:
    """A person's decision on the suggestions: the KPIs in `accepted_codes` keep their
    suggested measure as their own (the mark cleared), the other suggested KPIs lose it;
    KPIs whose measure a person wrote (no `suggested` mark) are untouched."""
    accepted = set(accepted_codes)

    def kpi(k: KpiDoc) -> KpiDoc:
        if not k.suggested:
            return k
        if k.code in accepted:
            return replace(k, suggested="")
        return replace(k, measure=None, suggested="")

    return plan.map_kpis(kpi)
