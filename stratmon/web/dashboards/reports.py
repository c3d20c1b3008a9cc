"""The plan dashboard's progress reports: downloads as of its date, the latest published
report, and the KPIs whose published figures were revised since (stratmon.reports.snapshots).

The plan's readers on behalf of its organisation download its report and its published
reports (access.can_download_plan_report, as the report views do); a focal point is offered
its own Member's report instead; only the Secretariat is sent to publish.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from stratmon.accounts import access
from stratmon.charts import status_label
from stratmon.engine.targets import Target
from stratmon.kpis.services import KpiEvaluation
from stratmon.plans.models import Member, Plan
from stratmon.reports.member_render import MEMBER_FORMATS
from stratmon.reports.render import FORMATS
from stratmon.reports.revisions import Revision
from stratmon.reports.snapshots import Compared, Published, compare, published_reports

from ..plan_tree import KpiNode
from .rows import number

# The conference's file first, then the workbook, then the data.
ORDER = ("pdf", "xlsx", "csv")
MEMBER_ORDER = tuple(f for f in ORDER if f in MEMBER_FORMATS)


@dataclass(frozen=True)
class RevisionMark:
    """What a KPI row says of a revised figure."""

    published_at: datetime.datetime
    was: str  # the published figures in words: "21, expected 27 (On track)"


@dataclass(frozen=True)
class ReportsPanel:
    formats: list[str]
    latest: Published | None
    compared: Compared | None  # the report published as of the page's date, if any
    can_publish: bool
    can_download: bool  # the plan's report
    member: Member | None = None  # whose Member report the reader gets instead (focal point)

    @property
    def member_formats(self) -> tuple[str, ...]:
        return MEMBER_ORDER

    @property
    def revised(self) -> int:
        return len(self.compared.revised) if self.compared else 0


def _figure(value: Any, target: Target) -> str:
    return "no figure" if value is None else number(Decimal(str(value)), target)


def revision_mark(revision: Revision, evaluation: KpiEvaluation) -> RevisionMark:
    """The published figures in the target's terms, those that changed besides the actual
    said too: the reader compares them with the row's own."""
    was, target, changed = revision.was, evaluation.target, revision.changed
    words = _figure(was["actual"], target)
    if "expected" in changed:
        words += f", expected {_figure(was['expected'], target)}"
    if "projected" in changed and not {"actual", "expected"} & set(changed):
        words += f", projected {_figure(was['projected'], target)}"
    label = status_label(was["status"]) if was["status"] else "no status"
    return RevisionMark(revision.published_at, f"{words} ({label})")


def reports_panel(
    user: Any, plan: Plan, as_of: datetime.date, nodes: list[KpiNode]
) -> ReportsPanel:
    """The panel's data, and each revised KPI's node given its mark (`node.revision`)."""
    evaluations = [n.evaluation for n in nodes if n.evaluation is not None]
    compared = compare(plan, as_of, evaluations)
    if compared is not None:
        for node in nodes:
            revision = compared.revised.get(node.kpi.code)
            if revision is not None and node.evaluation is not None:
                node.revision = revision_mark(revision, node.evaluation)
    reports = published_reports(plan)
    return ReportsPanel(
        formats=sorted(FORMATS, key=lambda f: (ORDER.index(f) if f in ORDER else len(ORDER), f)),
        latest=reports[0] if reports else None,
        compared=compared,
        can_publish=access.can_publish_report(user, plan),
        can_download=access.can_download_plan_report(user, plan),
        member=_own_member(user),
    )


def _own_member(user: Any) -> Member | None:
    member = access.reporting_member(user)
    if member is None or not access.can_download_member_report(user, member):
        return None
    return member
