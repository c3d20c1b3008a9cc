"""What the KPI form shows as you type: the target's reading and the measure's value today."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.http import QueryDict

from stratmon.engine import parse_target
from stratmon.engine.describe import describe_period, describe_target
from stratmon.engine.targets import Target
from stratmon.facts.aggregates import milestone_progress
from stratmon.facts.models import Topic
from stratmon.kpis.services import evaluate_kpi
from stratmon.planfiles import edit as E
from stratmon.planfiles.measures import Measure
from stratmon.plans.models import KPI, Member, Plan
from stratmon.plans.services.editing import in_use_version

from .measure_form import measure_data


@dataclass(frozen=True)
class Reading:
    """A target phrase as StratMon reads it."""

    text: str
    understood: bool
    kind: str = ""
    value: str = ""
    out_of: str = ""
    unit: str = ""
    per_period: str = ""
    words: str = ""


def _number(value: Decimal | None, kind: str | None) -> str:
    if value is None:
        return ""
    if kind in ("share", "change"):
        return f"{(value * 100).normalize():f} %"
    return f"{value.normalize():f}"


def reading(text: str, deadline: datetime.date | None = None) -> Reading:
    target: Target = parse_target(text)
    if not text.strip() or not target.parsed:
        return Reading(text, False)
    return Reading(
        text,
        True,
        kind=target.kind or "",
        value=_number(target.value, target.kind),
        out_of=_number(target.out_of, None),
        unit=target.unit or "",
        per_period=describe_period(target.per_months) if target.per_months else "",
        words=describe_target(target, deadline),
    )


def form_date(form: QueryDict, name: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(form.get(name, "").strip())
    except ValueError:
        return None


def topic_choices() -> list[tuple[str, str]]:
    return list(Topic.objects.order_by("name").values_list("code", "name"))


@dataclass(frozen=True)
class LiveValue:
    """The KPI evaluated today with the form's unsaved target and measure."""

    status: str = ""
    actual: str = ""
    reason: str = ""
    problem: str = ""  # a measure the form does not make yet ("activities needs …")


def live_value(plan: Plan, kpi_code: str, form: QueryDict, today: datetime.date) -> LiveValue:
    """The value as of `today` of the KPI `kpi_code` of `plan` with the form's target,
    deadline, planned start and measure, saved or not. Facts linked to an action are linked
    to the version in use, so a draft's KPI is evaluated on that version when it has it."""
    try:
        measure: Measure | None = E.as_measure(measure_data(form), f"KPI {kpi_code}")
    except E.EditError as exc:
        return LiveValue(problem=str(exc))
    host = in_use_version(plan) or plan
    kpi = KPI.objects.filter(plan=host, code=kpi_code).select_related("action").first()
    if kpi is None:
        host = plan
        kpi = KPI.objects.filter(plan=plan, code=kpi_code).select_related("action").first()
    if kpi is None:
        return LiveValue(problem="Save the KPI first to see its value.")
    kpi.target_text = form.get("target", kpi.target_text)
    kpi.deadline = form_date(form, "deadline") or kpi.deadline
    kpi.planned_start = form_date(form, "planned_start")
    members = Member.objects.of(host.organisation, today).count()
    progress = (
        milestone_progress([kpi.pk], today).get(kpi.pk, ())
        if measure and measure.source == "milestone"
        else ()
    )
    evaluation = evaluate_kpi(host, kpi, today, members, measure, None, progress)
    result = evaluation.result
    return LiveValue(
        status=result.status,
        actual="" if result.actual is None else f"{result.actual.normalize():f}",
        reason=result.reason,
    )
