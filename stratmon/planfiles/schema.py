"""The canonical plan file as frozen dataclasses, its strict validation and its YAML form."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from . import limits
from .measures import Measure, MeasureError, default_measure, parse_measure
from .yamlio import load_yaml

FORMAT_VERSION = 1
PLAN_STATUSES = ("active", "draft", "archived")
KPI_ORIGINS = ("document", "added")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_CODE = re.compile(r"^[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*$")


class PlanFileError(ValueError):
    """A plan file that cannot be used; `str()` is one line naming file, path and problem."""

    def __init__(self, filename: str, where: str, problem: str) -> None:
        # One line always: YAML's own messages can span several.
        problem = " ".join(problem.split())
        self.filename, self.where, self.problem = filename, where, problem
        super().__init__(f"{filename}: {where}: {problem}" if where else f"{filename}: {problem}")


@dataclass(frozen=True)
class Note:
    title: str
    text: str


@dataclass(frozen=True)
class KpiDoc:
    code: str
    text: str
    target: str
    deadline: datetime.date
    origin: str = "document"
    measure: Measure | None = None
    planned_start: datetime.date | None = None  # a milestone's planned start
    # Why StratMon suggested the measure, while no person has accepted it ("" once accepted
    # or when a person wrote the measure).
    suggested: str = ""


@dataclass(frozen=True)
class ActionDoc:
    code: str
    text: str
    reference: str = ""
    kpis: tuple[KpiDoc, ...] = ()


@dataclass(frozen=True)
class ObjectiveDoc:
    code: str
    title: str
    actions: tuple[ActionDoc, ...] = ()


@dataclass(frozen=True)
class PillarDoc:
    code: str
    title: str
    overall_objective: str = ""
    notes: tuple[Note, ...] = ()
    objectives: tuple[ObjectiveDoc, ...] = ()
    actions: tuple[ActionDoc, ...] = ()

    def all_actions(self) -> tuple[tuple[ObjectiveDoc | None, ActionDoc], ...]:
        """Actions in plan order: those directly under the pillar first, then per objective."""
        pairs: list[tuple[ObjectiveDoc | None, ActionDoc]] = [(None, a) for a in self.actions]
        for objective in self.objectives:
            pairs.extend((objective, a) for a in objective.actions)
        return tuple(pairs)


@dataclass(frozen=True)
class Levels:
    pillar: str = "Pillar"
    objective: str = "Objective"
    action: str = "Action"


@dataclass(frozen=True)
class PlanDoc:
    code: str
    organisation: str
    title: str
    period_start: datetime.date
    period_end: datetime.date
    year_start_month: int
    status: str = "active"
    levels: Levels = field(default_factory=Levels)
    reference_label: str = ""
    source: str = ""
    notes: tuple[Note, ...] = ()
    pillars: tuple[PillarDoc, ...] = ()

    def actions(self) -> list[ActionDoc]:
        return [a for p in self.pillars for _, a in p.all_actions()]

    def kpis(self) -> list[KpiDoc]:
        return [k for a in self.actions() for k in a.kpis]

    def with_default_measures(self) -> PlanDoc:
        """The plan with a measure on every KPI whose target says one (a milestone)."""
        return self.map_kpis(
            lambda k: k if k.measure else replace(k, measure=default_measure(k.target))
        )

    def map_kpis(self, change: Callable[[KpiDoc], KpiDoc]) -> PlanDoc:
        """The plan with `change` applied to every KPI, in every pillar and objective."""

        def action(a: ActionDoc) -> ActionDoc:
            return replace(a, kpis=tuple(change(k) for k in a.kpis))

        pillars = tuple(
            replace(
                p,
                actions=tuple(action(a) for a in p.actions),
                objectives=tuple(
                    replace(o, actions=tuple(action(a) for a in o.actions)) for o in p.objectives
                ),
            )
            for p in self.pillars
        )
        return replace(self, pillars=pillars)


# ---------------------------------------------------------------------------------------------
# Reading


class _Reader:
    """Walks the parsed YAML, building dataclasses and naming the path of every error."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.codes: dict[str, dict[str, str]] = {
            "pillar": {},
            "objective": {},
            "action": {},
            "kpi": {},
        }

    def fail(self, where: str, problem: str) -> PlanFileError:
        return PlanFileError(self.filename, where, problem)

    def mapping(
        self, value: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where or "top level", f"expected a mapping, got {_kind(value)}")
        for key in value:
            if key not in required and key not in optional:
                raise self.fail(_join(where, str(key)), "unknown key")
        for key in required:
            if key not in value or value[key] is None:
                raise self.fail(where or "top level", f"missing key '{key}'")
        return value

    def text(
        self, value: Any, where: str, *, allow_empty: bool = False, max_length: int | None = None
    ) -> str:
        if value is None and allow_empty:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise self.fail(where, f"expected text, got {_kind(value)}")
        if isinstance(value, int) and abs(value) > 10**30:
            raise self.fail(where, "a number this long is not plan text")
        text = str(value).strip()
        if not text and not allow_empty:
            raise self.fail(where, "must not be empty")
        if max_length is not None and len(text) > max_length:
            raise self.fail(where, f"too long: {len(text)} characters, at most {max_length}")
        bad = limits.CONTROL.search(text)
        if bad:
            raise self.fail(
                where, f"contains the control character U+{ord(bad.group()):04X}; remove it"
            )
        return text

    def date(self, value: Any, where: str) -> datetime.date:
        if isinstance(value, datetime.datetime):
            raise self.fail(where, f"not a date: '{value}' (write YYYY-MM-DD)")
        if isinstance(value, datetime.date):
            day = value
        else:
            text = str(value).strip() if isinstance(value, str) else ""
            try:
                day = datetime.date.fromisoformat(text)
            except ValueError:
                shown = text[:40] if text else _kind(value)
                raise self.fail(where, f"not a date: '{shown}' (write YYYY-MM-DD)") from None
        if not limits.EARLIEST <= day <= limits.LATEST:
            raise self.fail(where, f"{day.isoformat()} is outside the years 1900 to 2100")
        return day

    def code(self, value: Any, where: str, kind: str) -> str:
        code = self.text(value, where, max_length=limits.CODE_LENGTHS[kind])
        if not _CODE.match(code):
            raise self.fail(where, f"not a valid code: '{code}' (letters, digits, dots, hyphens)")
        seen = self.codes[kind]
        if code in seen:
            raise self.fail(where, f"duplicate {kind} code '{code}' (first at {seen[code]})")
        seen[code] = where.rsplit(".code", 1)[0]
        return code

    def items(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list, got {_kind(value)}")
        return value

    def notes(self, value: Any, where: str) -> tuple[Note, ...]:
        notes = []
        for i, raw in enumerate(self.items(value, where)):
            w = f"{where}[{i}]"
            m = self.mapping(raw, w, ("title", "text"), ())
            notes.append(
                Note(self.text(m["title"], f"{w}.title"), self.text(m["text"], f"{w}.text"))
            )
        return tuple(notes)

    def plan(self, raw: Any) -> PlanDoc:
        m = self.mapping(
            raw,
            "",
            ("stratmon_plan", "code", "organisation", "title", "period", "year_start_month"),
            ("status", "levels", "reference_label", "source", "notes", "pillars"),
        )
        if m["stratmon_plan"] != FORMAT_VERSION:
            raise self.fail(
                "stratmon_plan",
                f"unsupported format version {m['stratmon_plan']!r}; expected {FORMAT_VERSION}",
            )
        code = self.text(m["code"], "code", max_length=limits.CODE_LENGTHS["plan"])
        if not _SLUG.match(code):
            raise self.fail(
                "code", f"not a valid plan code: '{code}' (lowercase letters, digits, hyphens)"
            )
        organisation = self.text(
            m["organisation"], "organisation", max_length=limits.CODE_LENGTHS["organisation"]
        )
        period = self.mapping(m["period"], "period", ("start", "end"), ())
        start, end = (
            self.date(period["start"], "period.start"),
            self.date(period["end"], "period.end"),
        )
        if end <= start:
            raise self.fail("period.end", f"{end} is not after period.start {start}")
        month = m["year_start_month"]
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            raise self.fail("year_start_month", f"expected a month number 1-12, got {month!r}")
        status = self.text(m.get("status", "active"), "status")
        if status not in PLAN_STATUSES:
            raise self.fail("status", f"expected one of {', '.join(PLAN_STATUSES)}, got '{status}'")
        levels = Levels()
        if m.get("levels") is not None:
            lv = self.mapping(m["levels"], "levels", (), ("pillar", "objective", "action"))
            size = limits.LABEL_LENGTH
            levels = Levels(
                **{k: self.text(v, f"levels.{k}", max_length=size) for k, v in lv.items()}
            )
        pillars = tuple(
            self.pillar(p, f"pillars[{i}]")
            for i, p in enumerate(self.items(m.get("pillars"), "pillars"))
        )
        if not pillars:
            raise self.fail("pillars", "a plan needs at least one pillar")
        return PlanDoc(
            code=code,
            organisation=organisation,
            title=self.text(m["title"], "title", max_length=limits.TITLE_LENGTH),
            period_start=start,
            period_end=end,
            year_start_month=month,
            status=status,
            levels=levels,
            reference_label=self.text(
                m.get("reference_label"),
                "reference_label",
                allow_empty=True,
                max_length=limits.REFERENCE_LABEL_LENGTH,
            ),
            source=self.text(m.get("source"), "source", allow_empty=True),
            notes=self.notes(m.get("notes"), "notes"),
            pillars=pillars,
        )

    def pillar(self, raw: Any, where: str) -> PillarDoc:
        m = self.mapping(
            raw, where, ("code", "title"), ("overall_objective", "notes", "objectives", "actions")
        )
        code = self.code(m["code"], f"{where}.code", "pillar")
        actions = self.actions(m.get("actions"), f"{where}.actions")
        objectives = []
        for i, raw_o in enumerate(self.items(m.get("objectives"), f"{where}.objectives")):
            w = f"{where}.objectives[{i}]"
            o = self.mapping(raw_o, w, ("code", "title"), ("actions",))
            objectives.append(
                ObjectiveDoc(
                    code=self.code(o["code"], f"{w}.code", "objective"),
                    title=self.text(o["title"], f"{w}.title"),
                    actions=self.actions(o.get("actions"), f"{w}.actions"),
                )
            )
        return PillarDoc(
            code=code,
            title=self.text(m["title"], f"{where}.title"),
            overall_objective=self.text(
                m.get("overall_objective"), f"{where}.overall_objective", allow_empty=True
            ),
            notes=self.notes(m.get("notes"), f"{where}.notes"),
            objectives=tuple(objectives),
            actions=actions,
        )

    def actions(self, value: Any, where: str) -> tuple[ActionDoc, ...]:
        actions = []
        for i, raw in enumerate(self.items(value, where)):
            w = f"{where}[{i}]"
            m = self.mapping(raw, w, ("code", "text"), ("reference", "kpis"))
            code = self.code(m["code"], f"{w}.code", "action")
            kpis = tuple(
                self.kpi(k, f"{w}.kpis[{j}]")
                for j, k in enumerate(self.items(m.get("kpis"), f"{w}.kpis"))
            )
            actions.append(
                ActionDoc(
                    code=code,
                    text=self.text(m["text"], f"{w}.text"),
                    reference=self.text(m.get("reference"), f"{w}.reference", allow_empty=True),
                    kpis=kpis,
                )
            )
        return tuple(actions)

    def kpi(self, raw: Any, where: str) -> KpiDoc:
        m = self.mapping(
            raw,
            where,
            ("code", "text", "target", "deadline"),
            ("origin", "measure", "planned_start", "suggested"),
        )
        origin = self.text(m.get("origin", "document"), f"{where}.origin")
        if origin not in KPI_ORIGINS:
            raise self.fail(
                f"{where}.origin", f"expected one of {', '.join(KPI_ORIGINS)}, got '{origin}'"
            )
        return KpiDoc(
            code=self.code(m["code"], f"{where}.code", "kpi"),
            text=self.text(m["text"], f"{where}.text"),
            target=self.text(m["target"], f"{where}.target"),
            deadline=self.date(m["deadline"], f"{where}.deadline"),
            origin=origin,
            measure=self.measure(m.get("measure"), f"{where}.measure"),
            planned_start=(
                None
                if m.get("planned_start") is None
                else self.date(m["planned_start"], f"{where}.planned_start")
            ),
            suggested=self.suggested(m, where),
        )

    def suggested(self, m: Mapping[str, Any], where: str) -> str:
        reason = self.text(
            m.get("suggested"), f"{where}.suggested", allow_empty=True, max_length=2000
        )
        if reason and m.get("measure") is None:
            raise self.fail(f"{where}.suggested", "a suggestion needs the measure it suggests")
        return reason

    def measure(self, raw: Any, where: str) -> Measure | None:
        if raw is None:
            return None
        try:
            return parse_measure(raw)
        except MeasureError as exc:
            raise self.fail(_join(where, exc.where), exc.problem) from None


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false"}.get(
        type(value), type(value).__name__
    )


def parse_plan_text(text: str, filename: str = "<plan>") -> PlanDoc:
    """Validate the YAML text of a plan file; raises PlanFileError naming where it is wrong."""
    try:
        raw = load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f"line {mark.line + 1}" if mark else ""
        raise PlanFileError(filename, line, f"bad YAML: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise PlanFileError(filename, "", f"bad YAML: {exc}") from None
    except (ValueError, OverflowError) as exc:
        # PyYAML's own converters: a number of thousands of digits, a value out of range.
        raise PlanFileError(filename, "", f"bad YAML: {str(exc)[:120]}") from None
    if raw is None:
        raise PlanFileError(filename, "", "the file is empty")
    return _Reader(filename).plan(raw)


def read_plan_file(path: str | Path) -> PlanDoc:
    """Read and validate a plan file; errors name the file as given."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PlanFileError(str(path), "", "no such file") from None
    except UnicodeDecodeError:
        raise PlanFileError(str(path), "", "not a UTF-8 text file") from None
    except OSError as exc:
        raise PlanFileError(str(path), "", exc.strerror or str(exc)) from None
    return parse_plan_text(text, path.name)


# ---------------------------------------------------------------------------------------------
# Writing: stratmon/planfiles/writer.py, named here too for the callers of the plan file.

from .writer import dump_plan, plan_to_data  # noqa: E402

__all__ = ["dump_plan", "plan_to_data"]
