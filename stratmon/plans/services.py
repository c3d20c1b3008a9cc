"""Verbs on plans and reference data, shared by the CLI, the web app and tests."""

from __future__ import annotations

import csv
import dataclasses
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from django.db import models, transaction

from stratmon.planfiles.measures import default_measure, parse_measure
from stratmon.planfiles.schema import (
    ActionDoc,
    KpiDoc,
    Levels,
    Note,
    ObjectiveDoc,
    PillarDoc,
    PlanDoc,
    PlanFileError,
    parse_plan_text,
)
from stratmon.planfiles.words import counted

from .models import KPI, Action, Member, Membership, Objective, Organisation, Pillar, Plan

BUILTIN = resources.files("stratmon.plans") / "builtin"


@dataclass(frozen=True)
class LoadResult:
    plan: Plan
    created: bool
    changes: int  # rows inserted, updated or deleted; 0 when the file matched the database
    counts: str  # "6 priorities, 81 actions, 83 KPIs": what the file holds, so the plan now holds

    def summary(self) -> str:
        if self.created:
            return f"{self.plan.code}: created ({self.counts})"
        if self.changes:
            return f"{self.plan.code}: updated, {self.changes} changes ({self.counts})"
        return f"{self.plan.code}: unchanged ({self.counts})"


# ---------------------------------------------------------------------------------------------
# Reference data: organisations, Members, memberships


def _date_or_none(text: str) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text.strip() else None


@transaction.atomic
def load_reference_data() -> int:
    """Create or update the built-in organisations, Members and memberships; returns changes.

    Idempotent and additive: rows are matched on organisation code and Member ISO alpha-3,
    missing ones are created and existing ones left as they are, so edits made in the admin
    survive. A Member in several organisations is one Member.
    """
    organisations = yaml.safe_load((BUILTIN / "organisations.yaml").read_text(encoding="utf-8"))
    changes = 0
    for entry in organisations:
        org, created = Organisation.objects.get_or_create(
            code=entry["code"], defaults={"name": entry["name"], "short_name": entry["short_name"]}
        )
        changes += created
        rows = csv.DictReader((BUILTIN / entry["members"]).read_text(encoding="utf-8").splitlines())
        for row in rows:
            member, created = Member.objects.get_or_create(
                iso3=row["iso_alpha3"],
                defaults={"name": row["name"], "iso2": row["iso_alpha2"], "kind": row["kind"]},
            )
            changes += created
            _, created = Membership.objects.get_or_create(
                organisation=org,
                member=member,
                defaults={
                    "joined": _date_or_none(row.get("joined", "")),
                    "left": _date_or_none(row.get("left", "")),
                    "subregion": row.get("subregion", ""),
                    "note": row.get("note", ""),
                    "source": row.get("source", ""),
                },
            )
            changes += created
    return changes


def _update(obj: models.Model, **fields: Any) -> bool:
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, fields[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


# ---------------------------------------------------------------------------------------------
# Plans: load, export


def builtin_plan_files() -> list[tuple[str, str]]:
    """(file name, YAML text) of every plan shipped with StratMon, in name order."""
    folder = BUILTIN / "plans"
    return sorted(
        (f.name, f.read_text(encoding="utf-8"))
        for f in folder.iterdir()
        if f.name.endswith(".yaml")
    )


def load_builtin_plans() -> list[LoadResult]:
    return [load_plan(parse_plan_text(text, name), name) for name, text in builtin_plan_files()]


@transaction.atomic
def load_plan(doc: PlanDoc, filename: str = "<plan>") -> LoadResult:
    """Create or update a plan from its validated plan file, in one transaction.

    Pillars, objectives, actions and KPIs are matched on their codes: new ones are created,
    changed ones updated, and ones no longer in the file deleted. Loading the file the
    database already holds writes nothing.
    """
    try:
        organisation = Organisation.objects.get(code=doc.organisation)
    except Organisation.DoesNotExist:
        known = ", ".join(Organisation.objects.values_list("code", flat=True)) or "none"
        raise PlanFileError(
            filename, "organisation", f"unknown organisation '{doc.organisation}' (known: {known})"
        ) from None
    fields = {
        "organisation_id": organisation.pk,
        "title": doc.title,
        "status": doc.status,
        "period_start": doc.period_start,
        "period_end": doc.period_end,
        "year_start_month": doc.year_start_month,
        "pillar_label": doc.levels.pillar,
        "objective_label": doc.levels.objective,
        "action_label": doc.levels.action,
        "reference_label": doc.reference_label,
        "source": doc.source,
        "notes": _notes_data(doc.notes),
    }
    _check_topics(doc, filename)
    plan = Plan.objects.filter(code=doc.code).first()
    created = plan is None
    if plan is None:
        plan = Plan.objects.create(code=doc.code, **fields)
        changes = 1
    else:
        changes = int(_update(plan, **fields))

    pillar_rows, objective_rows, action_rows, kpi_rows = [], [], [], []
    for p_order, p in enumerate(doc.pillars):
        pillar_rows.append(
            {
                "code": p.code,
                "title": p.title,
                "overall_objective": p.overall_objective,
                "notes": _notes_data(p.notes),
                "order": p_order,
            }
        )
    pillars, n = _sync(Pillar, plan, pillar_rows)
    changes += n
    for p in doc.pillars:
        for o in p.objectives:
            objective_rows.append(
                {
                    "code": o.code,
                    "title": o.title,
                    "pillar_id": pillars[p.code].pk,
                    "order": len(objective_rows),
                }
            )
    objectives, n = _sync(Objective, plan, objective_rows)
    changes += n
    for p in doc.pillars:
        for objective, a in p.all_actions():
            action_rows.append(
                {
                    "code": a.code,
                    "text": a.text,
                    "reference": a.reference,
                    "pillar_id": pillars[p.code].pk,
                    "objective_id": objectives[objective.code].pk if objective else None,
                    "order": len(action_rows),
                }
            )
    actions, n = _sync(Action, plan, action_rows)
    changes += n
    for a in doc.actions():
        for k in a.kpis:
            kpi_rows.append(
                {
                    "code": k.code,
                    "text": k.text,
                    "target_text": k.target,
                    "deadline": k.deadline,
                    "origin": k.origin,
                    "measure": _measure_data(k),
                    "planned_start": k.planned_start,
                    "action_id": actions[a.code].pk,
                    "order": len(kpi_rows),
                }
            )
    _, n = _sync(KPI, plan, kpi_rows)
    changes += n
    counts = ", ".join(
        (
            counted(len(doc.pillars), doc.levels.pillar.lower()),
            counted(len(action_rows), "action"),
            counted(len(kpi_rows), "KPI"),
        )
    )
    return LoadResult(plan=plan, created=created, changes=changes, counts=counts)


def _measure_data(kpi: KpiDoc) -> dict[str, Any]:
    """The KPI's measure as stored; a milestone target without one is measured as a milestone."""
    measure = kpi.measure or default_measure(kpi.target)
    return measure.to_data() if measure else {}


def _check_topics(doc: PlanDoc, filename: str) -> None:
    """Measures name topics by code; a misspelt one must fail the load, not count zero."""
    from stratmon.facts.models import Topic

    wanted = {k.code: k.measure.get("topic") for k in doc.kpis() if k.measure}
    known = set(Topic.objects.filter(code__in=set(wanted.values())).values_list("code", flat=True))
    for code, topic in wanted.items():
        if topic is not None and topic not in known:
            raise PlanFileError(filename, f"KPI {code}: measure.topic", f"unknown topic '{topic}'")


def _notes_data(notes: Iterable[Note]) -> list[dict[str, str]]:
    return [{"title": n.title, "text": n.text} for n in notes]


def _sync(model: type[Any], plan: Plan, rows: list[dict[str, Any]]) -> tuple[dict[str, Any], int]:
    """Make the plan's rows of `model` equal `rows` (matched on code) in a few bulk queries."""
    existing = {obj.code: obj for obj in model.objects.filter(plan=plan)}
    wanted = {row["code"] for row in rows}
    stale = [obj.pk for code, obj in existing.items() if code not in wanted]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    to_create, to_update, changed_fields = [], [], set()
    for row in rows:
        obj = existing.get(row["code"])
        if obj is None:
            to_create.append(model(plan=plan, **row))
            continue
        diff = [f for f, v in row.items() if getattr(obj, f) != v]
        if diff:
            for f in diff:
                setattr(obj, f, row[f])
            to_update.append(obj)
            changed_fields.update(diff)
    if to_update:
        # Orders and codes are unique per plan only through code, so a bulk update is safe.
        model.objects.bulk_update(to_update, sorted(changed_fields))
    created = model.objects.bulk_create(to_create) if to_create else []
    by_code = {code: obj for code, obj in existing.items() if code in wanted}
    by_code.update({obj.code: obj for obj in created})
    return by_code, len(stale) + len(to_update) + len(created)


def export_plan(plan: Plan) -> PlanDoc:
    """The plan as its canonical plan file (in four queries)."""
    pillars = list(plan.pillars.all())
    objectives = list(plan.objectives.all())
    actions = list(plan.actions.all())
    kpis_by_action: dict[int, list[KpiDoc]] = {}
    for k in plan.kpis.all():
        kpis_by_action.setdefault(k.action_id, []).append(
            KpiDoc(
                code=k.code,
                text=k.text,
                target=k.target_text,
                deadline=k.deadline,
                origin=k.origin,
                measure=parse_measure(k.measure) if k.measure else None,
                planned_start=k.planned_start,
            )
        )

    def action_docs(rows: Iterable[Action]) -> tuple[ActionDoc, ...]:
        return tuple(
            ActionDoc(
                code=a.code,
                text=a.text,
                reference=a.reference,
                kpis=tuple(kpis_by_action.get(a.pk, ())),
            )
            for a in rows
        )

    return PlanDoc(
        code=plan.code,
        organisation=plan.organisation.code,
        title=plan.title,
        period_start=plan.period_start,
        period_end=plan.period_end,
        year_start_month=plan.year_start_month,
        status=plan.status,
        levels=Levels(plan.pillar_label, plan.objective_label, plan.action_label),
        reference_label=plan.reference_label,
        source=plan.source,
        notes=_notes_doc(plan.notes),
        pillars=tuple(
            PillarDoc(
                code=p.code,
                title=p.title,
                overall_objective=p.overall_objective,
                notes=_notes_doc(p.notes),
                objectives=tuple(
                    ObjectiveDoc(
                        code=o.code,
                        title=o.title,
                        actions=action_docs(a for a in actions if a.objective_id == o.pk),
                    )
                    for o in objectives
                    if o.pillar_id == p.pk
                ),
                actions=action_docs(
                    a for a in actions if a.pillar_id == p.pk and a.objective_id is None
                ),
            )
            for p in pillars
        ),
    )


def _notes_doc(data: list[dict[str, str]]) -> tuple[Note, ...]:
    return tuple(Note(title=n["title"], text=n["text"]) for n in data)


@dataclass(frozen=True)
class PlanSummary:
    code: str
    organisation: str
    title: str
    status: str
    period_start: datetime.date
    period_end: datetime.date
    actions: int
    kpis: int

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "organisation": self.organisation,
            "title": self.title,
            "status": self.status,
            "period": {"start": self.period_start.isoformat(), "end": self.period_end.isoformat()},
            "actions": self.actions,
            "kpis": self.kpis,
        }


def plan_summaries(plans: models.QuerySet[Plan] | None = None) -> list[PlanSummary]:
    """Every plan with its counts of actions and KPIs, in one query."""
    qs = (plans if plans is not None else Plan.objects.all()).select_related("organisation")
    qs = qs.annotate(
        n_actions=models.Count("actions", distinct=True), n_kpis=models.Count("kpis", distinct=True)
    )
    return [
        PlanSummary(
            p.code,
            p.organisation.code,
            p.title,
            p.status,
            p.period_start,
            p.period_end,
            p.n_actions,
            p.n_kpis,
        )
        for p in qs
    ]


# ---------------------------------------------------------------------------------------------
# Drafts: a plan imported from its document waits for a Secretariat user's confirmation


@transaction.atomic
def save_draft(doc: PlanDoc, filename: str = "<plan>") -> LoadResult:
    """Create or update a *draft* plan from a reviewed plan file.

    A draft is hidden from everyone but the Secretariat. A plan already in use (active or
    archived) is never overwritten from here: the reviewer must choose another code.
    """
    existing = Plan.objects.filter(code=doc.code).values_list("status", flat=True).first()
    if existing is not None and existing != Plan.Status.DRAFT:
        raise PlanFileError(
            filename,
            "code",
            f"a plan with code '{doc.code}' is already {existing}; give the draft another code",
        )
    return load_plan(dataclasses.replace(doc, status=Plan.Status.DRAFT), filename)


def confirm_plan(plan: Plan) -> bool:
    """Make a draft plan active; returns False when it was not a draft."""
    changed = Plan.objects.filter(pk=plan.pk, status=Plan.Status.DRAFT).update(
        status=Plan.Status.ACTIVE
    )
    plan.refresh_from_db(fields=["status"])
    return bool(changed)
