"""What was recorded against a plan version, carried over to the version that supersedes it."""

from __future__ import annotations

from django.db.models import Case, Value, When

from ..models import KPI, Action, Plan


def carry_over(old: Plan, new: Plan) -> dict[str, int]:
    """Links of activities and outputs to actions, and milestones' done dates, evidence
    and progress updates, onto the new version's items of the same code, in
    a fixed number of queries.

    The old version keeps its links, dates and evidence (its pages still compute); progress
    updates are records with ids of their own, so they move rather than being copied.
    """
    from stratmon.facts.models import Activity, MilestoneUpdate, Output

    actions = dict(
        Action.objects.filter(plan=old)
        .filter(code__in=Action.objects.filter(plan=new).values("code"))
        .values_list("pk", "code")
    )
    new_actions = dict(Action.objects.filter(plan=new).values_list("code", "pk"))
    links = 0
    for model in (Activity, Output):
        through = model.actions.through
        rows = through.objects.filter(action_id__in=actions).values_list(
            f"{model._meta.model_name}_id", "action_id"
        )
        made = through.objects.bulk_create(
            [
                through(
                    **{f"{model._meta.model_name}_id": fact, "action_id": new_actions[actions[a]]}
                )
                for fact, a in rows
            ],
            ignore_conflicts=True,
        )
        links += len(made)
    old_kpis = {k.code: k for k in KPI.objects.filter(plan=old)}
    # The planned start is in the plan file, so each version says its own.
    recorded = ("done_on", "evidence")
    filled, pairs = [], {}
    for kpi in KPI.objects.filter(plan=new, code__in=old_kpis):
        before = old_kpis[kpi.code]
        pairs[before.pk] = kpi.pk
        empty = [f for f in recorded if not getattr(kpi, f) and getattr(before, f)]
        for f in empty:
            setattr(kpi, f, getattr(before, f))
        if empty:
            filled.append(kpi)
    if filled:
        KPI.objects.bulk_update(filled, recorded)
    moved = 0
    if pairs:
        moved = MilestoneUpdate.objects.filter(kpi_id__in=pairs).update(
            kpi_id=Case(*(When(kpi_id=o, then=Value(n)) for o, n in pairs.items()))
        )
    return {
        "links carried over": links,
        "milestones carried over": len(filled),
        "progress updates moved": moved,
    }
