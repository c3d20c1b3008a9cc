"""Saving the structured plan editor's work: one verb, whoever calls it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db import transaction

from stratmon.history.recording import record_change
from stratmon.planfiles.diff import PlanDiff, diff_plans
from stratmon.planfiles.schema import PlanDoc, PlanFileError

from ..models import Plan
from . import LoadResult, ReasonRequired, load_plan, waiting_draft
from .reasons import PROMISES_KEY
from .tree import export_plan, notes_data, update, write_tree


def editable_version(plan: Plan) -> Plan:
    """The version the editor works on for `plan`: its draft when one waits beside it."""
    if plan.status == Plan.Status.DRAFT:
        return plan
    return waiting_draft(plan) or plan


def in_use_version(plan: Plan) -> Plan | None:
    """The confirmed version of the plan's code in use, if there is one."""
    return (
        Plan.objects.current()
        .exclude(status=Plan.Status.DRAFT)
        .filter(code=plan.code)
        .exclude(pk=plan.pk)
        .first()
        if plan.status == Plan.Status.DRAFT
        else (plan if not plan.superseded_by_id else None)
    )


def promise_message(promised: list[str]) -> str:
    shown = ", ".join(promised[:5])
    more = f" and {len(promised) - 5} more" if len(promised) > 5 else ""
    return f"Say why: this change alters what the confirmed plan promised ({shown}{more})."


@transaction.atomic
def save_plan_edit(
    plan: Plan,
    doc: PlanDoc,
    *,
    user: Any = None,
    via: str = "web",
    reason: str = "",
    what: str = "",
) -> LoadResult | None:
    """Save the editor's plan `doc` for `plan`, in one transaction; None when it changes
    nothing.

    A plan never confirmed is updated in place. A plan with a confirmed version gets (or
    updates) its draft next version; the version in use stays as it is until the draft is
    confirmed, and a save that changes a KPI's target, deadline or measure needs a `reason`
    (ReasonRequired, naming the KPIs). The reason and the changes it covers go in the history
    entry, one per save, which names what was edited (`what`) and every field old → new;
    confirming the draft then does not ask again for changes already explained.
    """
    if plan.superseded_by_id:
        raise PlanFileError(
            plan.code, "", f"version {plan.version} is superseded: edit the version in use"
        )
    target = editable_version(plan)
    before = export_plan(target)
    if doc.code != before.code or doc.organisation != before.organisation:
        raise PlanFileError(
            plan.code, "code", "the editor does not change a plan's code or organisation"
        )
    confirmed = in_use_version(target)
    # The status of the version in use: load_plan keeps it there, and a changed plan goes
    # to the draft whatever the file says.
    doc = replace(doc, status=str((confirmed or before).status)).with_default_measures()
    step = diff_plans(before, doc)
    if not step:
        return None
    promised = step.promises_changed if confirmed is not None else []
    if promised and not reason.strip():
        raise ReasonRequired(promise_message(promised))
    result = load_plan(doc, f"{plan.code} (editor)", user=user, via="")
    written = result.plan
    if target.status == Plan.Status.DRAFT and written.pk != target.pk:
        # The draft was edited back to the version in use: load_plan left it alone, so it
        # is brought in line here (confirming it then changes nothing).
        _rewrite(target, doc)
        written = target
    _record(written, step, user=user, via=via, reason=reason.strip(), what=what, promised=promised)
    return result


def _rewrite(draft: Plan, doc: PlanDoc) -> None:
    update(
        draft,
        title=doc.title,
        period_start=doc.period_start,
        period_end=doc.period_end,
        year_start_month=doc.year_start_month,
        pillar_label=doc.levels.pillar,
        objective_label=doc.levels.objective,
        action_label=doc.levels.action,
        reference_label=doc.reference_label,
        source=doc.source,
        notes=notes_data(doc.notes),
    )
    write_tree(draft, doc)


def change_fields(step: PlanDiff) -> dict[str, list[Any]]:
    """The save's changes as history fields: `KPI 1.a: target: [old, new]`, an added item
    `action 1.ll: [None, text]`, a removed one `[text, None]`."""
    fields: dict[str, list[Any]] = {}
    for item in step.added:
        fields[f"{item.kind} {item.code}"] = [None, item.text or "added"]
    for item in step.removed:
        fields[f"{item.kind} {item.code}"] = [item.text or "removed", None]
    for item in step.changed:
        where = "plan" if item.kind == "plan" else f"{item.kind} {item.code}"
        for c in item.changes:
            fields[f"{where}: {c.field}"] = [c.old, c.new]
    return fields


def _record(
    plan: Plan,
    step: PlanDiff,
    *,
    user: Any,
    via: str,
    reason: str,
    what: str,
    promised: list[str],
) -> None:
    ref = f"{plan.code} v{plan.version}"
    fields: dict[str, Any] = {"edit": [None, what or step.summary()], **change_fields(step)}
    if promised:
        fields[PROMISES_KEY] = [None, promised]
    record_change(
        user=user,
        via=via,
        model=Plan,
        verb="updated",
        refs=[ref],
        details={ref: fields},
        source="plan editor",
        reason=reason,
        organisation=plan.organisation,
    )
