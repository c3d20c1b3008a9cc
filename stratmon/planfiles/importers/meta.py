"""Front matter and plan metadata (title, organisation, period, code), and the final PlanDoc."""

from __future__ import annotations

import datetime
import re
from collections import Counter

from ..measures import MILESTONE, default_measure
from ..schema import ActionDoc, KpiDoc, Levels, Note, ObjectiveDoc, PillarDoc, PlanDoc
from .cleanup import MONTH_PATTERN, clean, month_number, normalise_years, slug
from .draft import Draft, DraftAction, DraftKpi, DraftPillar, Heading

Line = tuple[int, str]

# The title is taken greedily and its closing hashes trimmed in Python: a lazy title followed
# by "\s*#*\s*$" backtracked quadratically on a long run of spaces.
_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*)$")
BULLET = re.compile(r"^\s*([-*•◦▪●‣–])\s+(.*)$")
_RANGE = re.compile(r"\b((?:19|20|21)[0-9]{2})\s*[-–—/]\s*((?:19|20|21)[0-9]{2})\b", re.ASCII)
_SINGLE_YEAR = re.compile(r"\b((?:19|20|21)[0-9]{2})\b", re.ASCII)
_FROM_TO = re.compile(
    rf"(?:from\s+)?(?:([0-9]{{1,2}})\s+)?({MONTH_PATTERN})\s+((?:19|20|21)[0-9]{{2}})\s*"
    rf"(?:to|until|till|through|[-–—])\s*(?:([0-9]{{1,2}})\s+)?({MONTH_PATTERN})\s+"
    r"((?:19|20|21)[0-9]{2})",
    re.IGNORECASE,
)
_ACRONYM_IN_PARENS = re.compile(r"\(([A-Z][A-Z0-9]{1,9}(?:[ /&-][A-Z][A-Z0-9]{0,9}){0,2})\)")
_SUBJECT_ACRONYM = re.compile(
    r"(?:^|[.!?]\s+)([A-Z][A-Z0-9]{1,9})\s+(?:is|will|has|anticipates|aims)\b"
)
_STOPWORDS = {"of", "for", "the", "and", "to", "a", "an", "in", "on"}
MILESTONE_TEXT, MILESTONE_TARGET = "Action completed", "Completed"


def heading_of(text: str) -> tuple[int, str] | None:
    """(level, text) of a Markdown heading line, markup removed; None for other lines."""
    m = _MD_HEADING.match(text)
    if not m:
        return None
    title = clean(m.group(2).rstrip().rstrip("#"))
    return (len(m.group(1)), title) if title else None


def read_front(lines: list[Line], draft: Draft, *, first_line_is_title: bool) -> None:
    """Headings become title candidates; text under a heading becomes one note with its title.

    Without headings, each paragraph (a non-bullet line and the bullets after it) is a note.
    """
    title, under_heading = "Introduction", False
    body: list[str] = []

    def flush() -> None:
        if body:
            draft.notes.append((title, "\n".join(body)))
        body.clear()

    for index, (number, raw) in enumerate(lines):
        if not raw.strip():
            continue
        if heading := heading_of(raw):
            flush()
            draft.headings.append(Heading(heading[0], heading[1], number))
            title, under_heading = re.sub(r"^[0-9]+[.)]\s*", "", heading[1]) or heading[1], True
            continue
        if index == 0 and first_line_is_title and "\t" not in raw and not BULLET.match(raw):
            draft.headings.append(Heading(9, clean(raw), number))
            continue
        if bullet := BULLET.match(raw):
            if text := clean(bullet.group(2)):
                body.append(f"- {text}")
            continue
        if text := clean(raw):
            if not under_heading:
                flush()
            body.append(text)
    flush()


# --- metadata ---------------------------------------------------------------------------------


def _pick_title(draft: Draft) -> Heading | None:
    candidates = [h for h in draft.headings if re.search(r"\bplan\b", h.text, re.IGNORECASE)]
    if not candidates:
        candidates = [h for h in draft.headings if h.level == 9]
    return min(candidates, key=lambda h: h.level) if candidates else None


def _clean_title(text: str) -> str:
    text = normalise_years(text)
    text = re.sub(r"\(\s*((?:19|20|21)[0-9]{2}-(?:19|20|21)[0-9]{2})\s*\)", r"\1", text)
    return " ".join(text.replace("*", " ").split())


def find_organisation(lines: list[Line], draft: Draft) -> tuple[str, str, int] | None:
    """(name as printed, slug, line) of the organisation the document names, if any."""
    for h in draft.headings:
        if m := _ACRONYM_IN_PARENS.search(h.text):
            return m.group(1), _org_slug(m.group(1)), h.line
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for number, raw in lines[:60]:
        for m in _SUBJECT_ACRONYM.finditer(clean(raw)):
            counts[m.group(1)] += 1
            first.setdefault(m.group(1), number)
    if counts:
        name = counts.most_common(1)[0][0]
        return name, _org_slug(name), first[name]
    for h in draft.headings:
        if m := re.match(r"^([A-Z][A-Z0-9]{1,9}(?: [A-Z]/[A-Z])?)\s", h.text):
            return m.group(1), _org_slug(m.group(1)), h.line
    return None


def _org_slug(name: str) -> str:
    # "ROCB A/P" -> "rocb-ap": a slash joins the parts of one abbreviation.
    return slug(name.replace("/", ""))


def find_period(
    lines: list[Line], title: str, draft: Draft, title_line: int = 0
) -> tuple[datetime.date, datetime.date, int] | None:
    """(start, end, first month of a plan year); warns whenever months are assumed."""
    for _, raw in lines:
        if m := _FROM_TO.search(clean(raw)):
            month1, month2 = month_number(m.group(2)), month_number(m.group(5))
            year1, year2 = int(m.group(3)), int(m.group(6))
            if month1 and month2 and (year2, month2) > (year1, month1):
                start = datetime.date(year1, month1, 1)
                end = _month_end(year2, month2)
                return start, end, month1
    found = _year_range(title, title_line)
    if found is None:
        ranged = [(n, raw) for n, raw in lines if _RANGE.search(raw)]
        preferred = [(n, raw) for n, raw in ranged if re.search(r"period|cover", raw, re.I)]
        for number, raw in preferred + ranged:
            if found := _year_range(raw, number):
                break
    if found is None:
        return None
    year1, year2, number = found
    draft.warn(
        number,
        f"plan period assumed 1 January {year1} - 31 December {year2} (the document names "
        f"the years {year1}-{year2} but no months); plan years assumed to start in January",
    )
    return datetime.date(year1, 1, 1), datetime.date(year2, 12, 31), 1


def _year_range(text: str, number: int) -> tuple[int, int, int] | None:
    for m in _RANGE.finditer(normalise_years(text)):
        year1, year2 = int(m.group(1)), int(m.group(2))
        if year1 <= year2 <= year1 + 30:
            return year1, year2, number
    return None


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def _period_from_deadlines(draft: Draft) -> tuple[datetime.date, datetime.date, int] | None:
    dates = [k.deadline for p in draft.pillars for a in p.all_actions() for k in a.kpis]
    known = sorted(d for d in dates if d is not None)
    if not known:
        return None
    start = datetime.date(known[0].year, 1, 1)
    end = max(known[-1], datetime.date(known[-1].year, 12, 31))
    draft.warn(0, f"the document names no plan period; assumed {start} - {end} from the deadlines")
    return start, end, 1


def _code_words(title: str, org_name: str) -> str:
    rest = title
    if org_name and f"({org_name})" in rest:
        # "Long Name (ACR) Corporate Plan": the name before the acronym is the organisation.
        rest = rest.split(f"({org_name})", 1)[1]
    rest = rest.replace(org_name, " ") if org_name else rest
    rest = _RANGE.sub(" ", rest)
    words = [w for w in re.findall(r"[A-Za-z]+", rest) if w.lower() not in _STOPWORDS]
    return "".join(w[0].lower() for w in words)


# --- assembly ---------------------------------------------------------------------------------


def assemble(
    draft: Draft, lines: list[Line], filename: str, org: str | None, code: str | None
) -> tuple[PlanDoc, list[tuple[int, str]]]:
    """The PlanDoc of a draft: metadata found or assumed, milestone KPIs where none exist."""
    from .draft import DocumentError

    found_org = find_organisation(lines, draft)
    org_name = found_org[0] if found_org else ""
    if org:
        organisation = org.strip()
    elif found_org and found_org[1]:
        organisation = found_org[1]
        draft.warn(found_org[2], f"organisation '{organisation}' taken from the document")
    else:
        organisation = "unknown"
        draft.warn(0, "the document names no organisation: 'unknown' used (pass --org CODE)")

    picked = _pick_title(draft)
    title = _clean_title(picked.text) if picked else ""
    period = find_period(
        lines, title, draft, picked.line if picked else 0
    ) or _period_from_deadlines(draft)
    if period is None:
        raise DocumentError(
            filename, None, "no plan period found: name the years (e.g. 'Plan 2022-2024')"
        )
    start, end, year_start_month = period
    years = f"{start.year}-{end.year}"
    if not title:
        title = f"{org_name or organisation} plan {years}"
        draft.warn(0, f"the document has no title heading: '{title}' used")
    if not _RANGE.search(title):
        title = f"{title} {years}"
    if org_name and org_name not in title:
        title = f"{org_name} {title}"

    plan_code = code.strip() if code else ""
    if not plan_code:
        prefix = _org_slug(org_name) or slug(organisation)
        plan_code = slug(f"{prefix} {_code_words(title, org_name)} {years}")
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", plan_code):
        raise DocumentError(filename, None, f"not a valid plan code: '{plan_code}'")

    for pillar in draft.pillars:
        if not pillar.title:
            pillar.title = f"{draft.pillar_level} {pillar.code}"
            draft.warn(pillar.line, f"pillar {pillar.code} has no title: '{pillar.title}' used")
        for objective in pillar.objectives:
            if not objective.title:
                objective.title = f"Objective {objective.code}"
                draft.warn(objective.line, f"objective {objective.code} has no title")
    _add_milestones(draft, end)
    _dedupe_codes(draft)
    plan = PlanDoc(
        code=plan_code,
        organisation=organisation or "unknown",
        title=title,
        period_start=start,
        period_end=end,
        year_start_month=year_start_month,
        levels=Levels(pillar=draft.pillar_level, action=draft.action_level),
        reference_label=draft.reference_label,
        source=f"{title} ({filename})",
        notes=tuple(Note(t, x) for t, x in draft.notes),
        pillars=tuple(_pillar(p, end) for p in draft.pillars),
    )
    return plan, draft.warnings


def _add_milestones(draft: Draft, end: datetime.date) -> None:
    actions = [a for p in draft.pillars for a in p.all_actions()]
    if not actions:
        return
    if not any(a.kpis for a in actions):
        draft.warn(
            actions[0].line,
            f"the document has no KPIs: each action gets a milestone KPI '<action>.m' "
            f"('{MILESTONE_TEXT}', target '{MILESTONE_TARGET}', deadline {end}, origin added)",
        )
    for action in actions:
        if not action.kpis:
            action.kpis.append(
                DraftKpi(
                    f"{action.code}.m", MILESTONE_TEXT, MILESTONE_TARGET, end, "added", MILESTONE
                )
            )


def _dedupe_codes(draft: Draft) -> None:
    """Codes must be unique per kind; a repeated one (a document slip) gets a suffix."""
    seen: dict[str, set[str]] = {"pillar": set(), "objective": set(), "action": set(), "kpi": set()}

    def unique(kind: str, code: str, line: int) -> str:
        new, n = code, 1
        while new in seen[kind]:
            n += 1
            new = f"{code}-{n}"
        if new != code:
            draft.warn(line, f"duplicate {kind} code '{code}' renamed '{new}'")
        seen[kind].add(new)
        return new

    def action(a: DraftAction) -> None:
        a.code = unique("action", a.code, a.line)
        for k in a.kpis:
            k.code = unique("kpi", k.code, a.line)

    for p in draft.pillars:
        p.code = unique("pillar", p.code, p.line)
        for a in p.actions:
            action(a)
        for o in p.objectives:
            o.code = unique("objective", o.code, o.line)
            for a in o.actions:
                action(a)


def _action(a: DraftAction, end: datetime.date) -> ActionDoc:
    return ActionDoc(
        code=a.code,
        text=a.text,
        reference=a.reference,
        kpis=tuple(
            KpiDoc(
                k.code,
                k.text,
                k.target,
                k.deadline or end,
                k.origin,
                # A milestone target says how it is computed; no other target does.
                k.measure or default_measure(k.target),
            )
            for k in a.kpis
        ),
    )


def _pillar(p: DraftPillar, end: datetime.date) -> PillarDoc:
    return PillarDoc(
        code=p.code,
        title=p.title,
        overall_objective=p.overall_objective,
        notes=tuple(Note(t, x) for t, x in p.notes),
        objectives=tuple(
            ObjectiveDoc(o.code, o.title, tuple(_action(a, end) for a in o.actions))
            for o in p.objectives
        ),
        actions=tuple(_action(a, end) for a in p.actions),
    )
