"""Verbs on plans and reference data, shared by the CLI, the web app and tests."""

from __future__ import annotations

import csv
import dataclasses
import datetime
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from django.db import models, transaction
from django.utils import timezone

from stratmon.concurrency import take_write_turn
from stratmon.history.recording import record_change
from stratmon.planfiles.diff import PlanDiff, diff_plans
from stratmon.planfiles.schema import PlanDoc, PlanFileError, parse_plan_text
from stratmon.planfiles.words import counted

from ..models import Member, Membership, Organisation, Plan
from .carry import carry_over
from .tree import check_topics, export_plan, notes_data, update, write_tree

BUILTIN = resources.files("stratmon.plans") / "builtin"


@dataclass(frozen=True)
class LoadResult:
    plan: Plan  # the version written (or, unchanged, the version in use)
    created: bool  # a new row: version 1 of a new code, or a new version
    changes: int  # rows inserted, updated or deleted; 0 when the file matched the database
    counts: str  # "6 priorities, 81 actions, 83 KPIs": what the file holds, so the plan now holds
    diff: PlanDiff | None = None  # against the version in use, when the code had one
    previous: Plan | None = None  # that version in use, when this load made a new version
    superseded: Plan | None = None  # the version this load superseded (a confirmed load)

    def summary(self) -> str:
        code, version = self.plan.code, self.plan.version
        if self.superseded is not None:
            return (
                f"{code}: version {version} created and confirmed; it supersedes version "
                f"{self.superseded.version} ({self.counts})"
            )
        if self.previous is not None and self.changes:
            verb = "created" if self.created else "updated"
            return (
                f"{code}: version {version} {verb} as a draft beside version "
                f"{self.previous.version}, in use until it is confirmed ({self.counts})"
            )
        if self.created:
            return f"{code}: created ({self.counts})"
        if self.changes:
            return f"{code}: updated, {self.changes} changes ({self.counts})"
        return f"{code}: unchanged ({self.counts})"


# ---------------------------------------------------------------------------------------------
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
    """Load the shipped plan files; a changed one becomes the confirmed new version.

    Like the reference data, this is installing StratMon, not a person's change: it is not
    in the change history.
    """
    return [
        load_plan(parse_plan_text(text, name), name, confirm=True, via="")
        for name, text in builtin_plan_files()
    ]


@transaction.atomic
def load_plan(
    doc: PlanDoc,
    filename: str = "<plan>",
    *,
    confirm: bool = False,
    user: Any = None,
    via: str = "cli",
    event: str = "load",
    reason: str = "",
) -> LoadResult:
    """Create or update a plan from its validated plan file, in one transaction.

    A new code creates version 1 with the file's status. A code whose version in use differs
    from the file gets a new version, as a draft beside it (updated in place by later loads)
    until it is confirmed; with `confirm` it supersedes the version in use at once. A plan
    never confirmed is updated in place. Inside a version, pillars, objectives, actions and
    KPIs are matched on their codes. Loading the file the database already holds writes
    nothing, not even history. `user`, `via` and `event` ("load", "import") go to the
    change history (nothing when `via` is empty).
    """
    take_write_turn()  # two loads of one plan check their versions one after the other
    try:
        organisation = Organisation.objects.get(code=doc.organisation)
    except Organisation.DoesNotExist:
        known = ", ".join(Organisation.objects.values_list("code", flat=True)) or "none"
        raise PlanFileError(
            filename, "organisation", f"unknown organisation '{doc.organisation}' (known: {known})"
        ) from None
    doc = check_topics(doc, filename)
    doc = doc.with_default_measures()
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
        "notes": notes_data(doc.notes),
    }
    versions = Plan.objects.select_for_update().filter(code=doc.code, superseded_by__isnull=True)
    in_use = versions.exclude(status=Plan.Status.DRAFT).first()
    draft = versions.filter(status=Plan.Status.DRAFT).first()
    diff = diff_plans(export_plan(in_use), doc) if in_use else None
    if in_use is not None and not diff:
        # The same content: at most a change of life cycle (archived), made in place.
        changes = int(update(in_use, status=doc.status))
        result = LoadResult(in_use, False, changes, _counts(doc), diff=diff)
        _record(result, user, via, event, filename, reason=reason)
        return result
    plan, created = draft, draft is None
    if in_use is not None:
        # A new version waits as a draft until confirmed, whatever status the file says.
        fields["status"] = Plan.Status.DRAFT
    if plan is None:
        version = (
            Plan.objects.filter(code=doc.code).aggregate(m=models.Max("version"))["m"] or 0
        ) + 1
        plan = Plan.objects.create(code=doc.code, version=version, **fields)
        changes = 1
    else:
        changes = int(update(plan, **fields))
    changes += write_tree(plan, doc)
    superseded, carried = None, {}
    if in_use is not None and confirm:
        confirmed = Plan.Status.ACTIVE if doc.status == Plan.Status.DRAFT else doc.status
        superseded, carried = in_use, _supersede(in_use, plan, confirmed)
        changes += 1
    result = LoadResult(
        plan, created, changes, _counts(doc), diff=diff, previous=in_use, superseded=superseded
    )
    _record(result, user, via, event, filename, carried, reason=reason)
    return result


def _counts(doc: PlanDoc) -> str:
    actions, kpis = doc.actions(), doc.kpis()
    return ", ".join(
        (
            counted(len(doc.pillars), doc.levels.pillar.lower()),
            counted(len(actions), "action"),
            counted(len(kpis), "KPI"),
        )
    )


@dataclass(frozen=True)
class PlanSummary:
    code: str
    version: int
    organisation: str
    title: str
    status: str  # the plan's state on the as-of date: active, ended, draft, superseded …
    period_start: datetime.date
    period_end: datetime.date
    actions: int
    kpis: int
    superseded_by: int | None  # the version that superseded this one

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "version": self.version,
            "organisation": self.organisation,
            "title": self.title,
            "status": self.status,
            "period": {"start": self.period_start.isoformat(), "end": self.period_end.isoformat()},
            "actions": self.actions,
            "kpis": self.kpis,
            "superseded_by": self.superseded_by,
        }


def plan_summaries(
    plans: models.QuerySet[Plan] | None = None, as_of: datetime.date | None = None
) -> list[PlanSummary]:
    """Every plan version with its counts of actions and KPIs and its state on `as_of`
    (default today), in one query."""
    as_of = as_of or timezone.localdate()
    qs = (plans if plans is not None else Plan.objects.all()).select_related(
        "organisation", "superseded_by"
    )
    # An aggregate query ignores Meta.ordering: say it, so versions list newest first.
    qs = qs.annotate(
        n_actions=models.Count("actions", distinct=True), n_kpis=models.Count("kpis", distinct=True)
    ).order_by(*Plan._meta.ordering)
    return [
        PlanSummary(
            p.code,
            p.version,
            p.organisation.code,
            p.title,
            p.state(as_of),
            p.period_start,
            p.period_end,
            p.n_actions,
            p.n_kpis,
            p.superseded_by.version if p.superseded_by else None,
        )
        for p in qs
    ]


def current_plan(code: str, plans: models.QuerySet[Plan] | None = None) -> Plan | None:
    """The version of `code` in use (a new plan's draft when it has none), or None."""
    qs = plans if plans is not None else Plan.objects.all()
    return qs.current().select_related("organisation", "superseded_by").filter(code=code).first()


def known_codes() -> str:
    """The plan codes there are, for an error naming a code that is not one."""
    codes = Plan.objects.order_by("code").values_list("code", flat=True).distinct()
    return ", ".join(codes) or "none"


def waiting_draft(plan: Plan) -> Plan | None:
    """The draft of a new version waiting beside `plan`, the version in use, if any."""
    if plan.status == Plan.Status.DRAFT or plan.superseded_by_id:
        return None
    drafts = Plan.objects.filter(code=plan.code, status=Plan.Status.DRAFT)
    return drafts.filter(superseded_by__isnull=True).first()


def pending_diff(plan: Plan) -> tuple[Plan, PlanDiff] | None:
    """For a draft of a new version: the version in use beside it and what the draft changes."""
    if plan.status != Plan.Status.DRAFT:
        return None
    in_use = (
        Plan.objects.current()
        .exclude(status=Plan.Status.DRAFT)
        .filter(code=plan.code)
        .select_related("organisation")
        .first()
    )
    if in_use is None:
        return None
    return in_use, diff_plans(export_plan(in_use), export_plan(plan))


def diff_with_current(doc: PlanDoc) -> tuple[Plan, PlanDiff] | None:
    """What loading `doc` would change in the version of its code in use, if there is one."""
    in_use = Plan.objects.current().exclude(status=Plan.Status.DRAFT).filter(code=doc.code)
    plan = in_use.select_related("organisation").first()
    if plan is None:
        return None
    return plan, diff_plans(export_plan(plan), doc.with_default_measures())


# ---------------------------------------------------------------------------------------------
# Drafts and versions: a plan imported from its document waits for a Secretariat user's
# confirmation; confirming a new version supersedes the version in use


def save_draft(doc: PlanDoc, filename: str = "<plan>", *, user: Any = None) -> LoadResult:
    """Create or update a *draft* plan from a reviewed plan file (the web import).

    A draft is hidden from everyone but the Secretariat. When the code has a version in use,
    the draft is its next version, and the version in use stays as it is until the draft is
    confirmed.
    """
    return load_plan(
        dataclasses.replace(doc, status=Plan.Status.DRAFT),
        filename,
        user=user,
        via="web",
        event="import",
    )


class ReasonRequired(Exception):
    """A change of what a plan promised (a KPI's target, deadline or measure) without a
    reason; the message names the changes."""


@transaction.atomic
def confirm_plan(plan: Plan, *, user: Any = None, via: str = "web", reason: str = "") -> bool:
    """Make a draft plan active, superseding the version of its code in use if there is one;
    returns False when it was not a draft. A version that changes a KPI's target, deadline or
    measure needs a `reason` (ReasonRequired), kept in the change history."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != Plan.Status.DRAFT:
        return False
    pending = pending_diff(plan)
    promised = pending[1].promises_changed if pending else []
    if promised and not reason.strip():
        # Reasons given in the plan editor for these very changes answer the question.
        from .reasons import reasons_given

        reason = reasons_given(plan, promised)
    if promised and not reason.strip():
        raise ReasonRequired(
            "Say why: this version changes what the plan promised ("
            + ", ".join(promised[:5])
            + (f" and {len(promised) - 5} more" if len(promised) > 5 else "")
            + ")."
        )
    in_use = (
        Plan.objects.select_for_update()
        .filter(code=plan.code, superseded_by__isnull=True)
        .exclude(pk=plan.pk)
        .exclude(status=Plan.Status.DRAFT)
        .first()
    )
    fields: dict[str, Any] = {"event": [None, "confirm"], "status": ["draft", "active"]}
    refs = [_ref(plan)]
    details: dict[str, Any] = {_ref(plan): fields}
    if in_use is not None:
        fields["supersedes"] = [None, _ref(in_use)]
        carried = _supersede(in_use, plan, Plan.Status.ACTIVE)
        fields.update({name: [None, n] for name, n in carried.items()})
        refs.append(_ref(in_use))
        details[_ref(in_use)] = {"superseded_by": [None, _ref(plan)]}
    else:
        update(plan, status=Plan.Status.ACTIVE)
    # Field: [old, new] per record, as every "updated" entry of the history reads.
    record_change(
        user=user,
        via=via,
        model=Plan,
        verb="updated",
        refs=refs,
        details=details,
        organisation=plan.organisation,
        reason=reason,
    )
    return True


def _supersede(old: Plan, new: Plan, status: str) -> dict[str, int]:
    """`new` replaces `old`, which stays readable; what was recorded against `old` follows."""
    carried = carry_over(old, new)
    old.superseded_by, old.superseded_on = new, timezone.localdate()
    # The old version leaves "in use" before the new one enters it (one per code).
    old.save(update_fields=["superseded_by", "superseded_on"])
    update(new, status=status)
    return carried


def _ref(plan: Plan) -> str:
    return f"{plan.code} v{plan.version}"


def _record(
    result: LoadResult,
    user: Any,
    via: str,
    event: str,
    filename: str,
    carried: dict[str, int] | None = None,
    *,
    reason: str = "",
) -> None:
    """A load or import that changed something, in the change history."""
    if not result.changes or not via:
        return
    fields: dict[str, Any] = {"event": event, "file": filename, "rows written": result.changes}
    fields.update(carried or {})
    diff = result.diff
    if diff is not None and result.previous is not None:
        fields["version in use"] = _ref(result.previous)
        fields["added"] = [f"{i.kind} {i.code}" for i in diff.added]
        fields["removed"] = [f"{i.kind} {i.code}" for i in diff.removed]
        fields["changed"] = [line[2:] for line in diff.lines() if line.startswith("~")]
    if result.superseded is not None:
        fields["supersedes"] = _ref(result.superseded)
    if not result.created:
        # An update reads as field: old → new; what a load says is new.
        fields = {name: [None, value] for name, value in fields.items()}
    details = {_ref(result.plan): fields}
    record_change(
        reason=reason,
        user=user,
        via=via,
        model=Plan,
        verb="created" if result.created else "updated",
        refs=[_ref(result.plan)],
        details=details,
        source=filename,
        organisation=result.plan.organisation,
    )
