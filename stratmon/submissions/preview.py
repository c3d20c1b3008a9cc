"""A plan's KPIs as they would read if every submission waiting for review were approved.

The pending facts are written inside a transaction that is always rolled back, through the
same service approval uses, and the plan is evaluated in between: what the Secretariat sees
is exactly what approving would give, and no approved figure is ever touched.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from stratmon.facts.workbook.reader import WorkbookError
from stratmon.kpis.services import KpiEvaluation, evaluate_plan
from stratmon.plans.models import KPI, Membership, Plan

from .models import Submission
from .services import write_facts


@dataclass
class Preview:
    evaluations: list[KpiEvaluation]
    included: list[Submission] = field(default_factory=list)
    left_out: list[tuple[Submission, str]] = field(default_factory=list)  # would not pass


def pending_for(plan: Plan) -> list[Submission]:
    """Submissions waiting for review from Members of the plan's organisation, oldest first."""
    members = Membership.objects.filter(organisation_id=plan.organisation_id).values("member_id")
    return list(
        Submission.objects.filter(state=Submission.State.SUBMITTED, member_id__in=members)
        .select_related("member")
        .order_by("submitted_at", "pk")
    )


def with_pending(
    plan: Plan, as_of: datetime.date, kpis: list[KPI], pending: list[Submission]
) -> Preview:
    """Evaluate `kpis` as of `as_of` with `pending` applied, then undo them."""
    preview = Preview([])
    with transaction.atomic():
        for submission in pending:
            try:
                with transaction.atomic():
                    write_facts(submission, user=None, via="preview")
            except WorkbookError as exc:
                preview.left_out.append((submission, exc.problems[0].message))
                continue
            preview.included.append(submission)
        preview.evaluations = evaluate_plan(plan, as_of, kpis)
        transaction.set_rollback(True)
    return preview
