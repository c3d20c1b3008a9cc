"""Table documents: a header row naming the columns, pillar headings, one row per action."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .cleanup import (
    OCR_L,
    clean,
    collapse,
    is_partial_date,
    letter_index,
    next_letters,
    next_number,
    normalise_years,
    parse_date,
    split_parts,
)
from .draft import Draft, DraftAction, DraftKpi, DraftPillar
from .meta import heading_of, read_front

Line = tuple[int, str]
Splitter = Callable[[str], "list[str] | None"]
ROLES = ("label", "action", "reference", "kpi", "target", "deadline")

# No two unbounded repeats over spaces meet (one line of 10,000 spaces took 46 s); the title
# is taken greedily and trimmed in Python.
PILLAR_HEADING = re.compile(
    r"^\s{0,3}(?P<hashes>#{1,6})?\s*(?:(?P<bold>\*\*)\s*)?"
    r"(?:(?P<keyword>pillar|priority|goal|area|theme|strategic\s+[a-z]+|key\s+result\s+area|"
    r"focus\s+area)\s+)?(?P<number>[0-9]{1,2})(?:\s*[.:)–—-]|\s)\s*(?P<title>.*)$",
    re.IGNORECASE,
)
_LABEL_ONLY = re.compile(r"^\(?\s*([A-Za-z]{1,2}|[0-9]{1,2}(?:\.[0-9]{1,2}){0,3}|[|!])\s*[.)]?$")
_INLINE_LETTER = re.compile(r"^\(?([A-Za-z]{1,2}|[|!1])\s*\)\s*(?=\S)")
_INLINE_NUMBER = re.compile(
    r"^([0-9]{1,2}(?:\.[0-9]{1,2})+)\.?\s+(?=\S)|^([0-9]{1,2})[.)]\s+(?=\S)"
)
_NOTE_LINE = re.compile(r"^\s*(?:\*\s+|note\s*:|notes\s*:|nb\s*:)", re.IGNORECASE)


def classify(header: str) -> str | None:
    """The role of a column from its header wording; None when the wording says nothing."""
    h = collapse(clean(header)).lower()
    if h in ("", "no", "no.", "#", "n°", "nr", "item", "s/n", "sn", "code", "label"):
        return "label"
    if "kpi" in h or "indicator" in h or "measure of success" in h:
        return "kpi"
    if "target" in h:
        return "target"
    keys = ("deadline", "due", "timeline", "time frame", "timeframe", "by when", "date", "when")
    if any(k in h for k in keys):
        return "deadline"
    if any(k in h for k in ("reference", "relevant part", "alignment", "linked", "link to")):
        return "reference"
    if h in ("ref", "ref."):
        return "reference"
    if any(k in h for k in ("action", "activit", "task", "initiative", "strateg", "measure")):
        return "action"
    return None


def is_header(cells: list[str]) -> bool:
    texts = [clean(c) for c in cells]
    filled = [t for t in texts if t]
    if len(filled) < 2 or any(len(t.split()) > 8 or parse_date(t) for t in filled):
        return False
    roles = [classify(t) for t in filled]
    known = {r for r in roles if r not in (None, "label")}
    has_anchor = "action" in known or {"kpi", "target"} <= known
    return has_anchor and len(known) >= 2 and roles.count(None) <= len(filled) // 2


@dataclass
class Header:
    line: int
    cells: list[str]
    roles: list[str | None] = field(default_factory=list)


@dataclass
class Row:
    line: int
    header: Header
    cells: list[str]
    label: str = ""
    values: dict[str, str] = field(default_factory=dict)


@dataclass
class PillarRows:
    pillar: DraftPillar
    rows: list[Row] = field(default_factory=list)


def tab_cells(raw: str) -> list[str] | None:
    return raw.split("\t") if "\t" in raw else None


def parse(lines: list[Line], draft: Draft, split: Splitter = tab_cells) -> None:
    """Fill `draft` from a table document; `split` gives a line's cells (None: not a row)."""
    cells_of = [split(raw) for _, raw in lines]
    first_header = next((i for i, cells in enumerate(cells_of) if cells and is_header(cells)), None)
    if first_header is None:
        return
    start = first_header
    for i in range(first_header - 1, -1, -1):
        raw = lines[i][1]
        if cells_of[i] is not None or not raw.strip():
            continue
        if _pillar_heading(raw):
            start = i
            break
        if heading_of(raw):
            break
    read_front(lines[:start], draft, first_line_is_title=True)

    sections: list[PillarRows] = []
    header: Header | None = None
    for (number, raw), cells in zip(lines[start:], cells_of[start:], strict=True):
        if cells is not None:
            if not cells or not any(c.strip() for c in cells):
                continue
            if is_header(cells):
                header = Header(number, cells)
                continue
            if header is None:
                draft.warn(number, "table row before any header row: skipped")
                continue
            if not sections:
                draft.warn(number, "rows before any pillar heading: put in pillar '1'")
                sections.append(PillarRows(DraftPillar("1", "Actions", number)))
            sections[-1].rows.append(Row(number, header, cells))
            continue
        if not raw.strip():
            continue
        if found := _pillar_heading(raw):
            keyword, code, title = found
            if keyword and not sections:
                draft.pillar_level = keyword
            sections.append(PillarRows(DraftPillar(code, title, number)))
        elif sections and _NOTE_LINE.match(raw):
            text = clean(re.sub(r"^\s*\*\s+", "", raw))
            title, _, rest = text.partition(":")
            if rest.strip() and len(title.split()) <= 3:
                sections[-1].pillar.notes.append((title.strip(), rest.strip()))
            else:
                sections[-1].pillar.notes.append(("Note", text))
        elif clean(raw):
            draft.warn(number, f"unrecognised line skipped: '{_short(clean(raw))}'")

    all_rows = [r for s in sections for r in s.rows]
    _resolve_roles(all_rows, draft)
    letters = _letter_style(all_rows)
    for section in sections:
        if not section.rows:
            draft.warn(section.pillar.line, f"pillar '{section.pillar.title}' has no rows")
            continue
        _build_actions(section, letters, draft)
        draft.pillars.append(section.pillar)


def _pillar_heading(raw: str) -> tuple[str, str, str] | None:
    m = PILLAR_HEADING.match(raw)
    if not m or not (m.group("hashes") or m.group("keyword") or m.group("bold")):
        return None
    keyword = (m.group("keyword") or "").strip()
    code = str(int(m.group("number")))
    title = clean(m.group("title").strip().strip("*: "))
    if not title:
        if not keyword:
            return None
        title = f"{keyword.title()} {code}"
    return " ".join(keyword.split()).title(), code, title


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


# --- columns ----------------------------------------------------------------------------------


def _resolve_roles(rows: list[Row], draft: Draft) -> None:
    """Roles from the header wording, then date-valued columns as the deadline."""
    by_signature: dict[tuple[str, ...], list[Row]] = {}
    dated_columns: set[str] = set()
    warned: set[str] = set()
    for row in rows:
        signature = tuple(clean(c).lower() for c in row.header.cells)
        by_signature.setdefault(signature, []).append(row)
    for group in by_signature.values():
        header = group[0].header
        roles: list[str | None] = []
        for cell in header.cells:
            role = classify(cell)
            roles.append(None if role in roles and role != "label" else role)
        # Only a first column can hold labels; an empty header cell elsewhere says nothing.
        roles = [r if r != "label" or i == 0 else None for i, r in enumerate(roles)]
        for row in group:
            _align(row, roles, draft)
        if "deadline" not in roles:
            for index, role in enumerate(roles):
                if role is None and _mostly_dates([r.cells for r in group], index, len(roles)):
                    roles[index] = "deadline"
                    name = clean(header.cells[index])
                    if name not in dated_columns:
                        dated_columns.add(name)
                        draft.warn(header.line, f"column '{name}' holds dates: read as deadline")
                    for row in group:
                        _align(row, roles, draft, quiet=True)
                    break
        if "action" not in roles:
            draft.warn(header.line, "no action column found: the first text column is used")
        if "deadline" not in roles and "no deadline" not in warned:
            warned.add("no deadline")
            draft.warn(header.line, "no deadline column: every KPI's deadline is the plan's end")
        if "reference" not in roles and "no reference" not in warned:
            warned.add("no reference")
            draft.warn(header.line, "no reference column: actions have no reference")
        # A header repeated after a page break is its own object: it must know the roles too,
        # or the rows under it cannot tell a continued row from a new action.
        for row in group:
            row.header.roles = roles
        if "reference" in roles and not draft.reference_label:
            draft.reference_label = normalise_years(clean(header.cells[roles.index("reference")]))
        if "action" in roles and draft.action_level == "Action":
            draft.action_level = _level_name(clean(header.cells[roles.index("action")]))


def _level_name(header: str) -> str:
    name = re.split(r"\s+(?:of|for|by|to)\s+", header, maxsplit=1)[0].strip() or "Action"
    if name.lower().endswith("ies"):
        return name[:-3] + "y"
    return name[:-1] if name.lower().endswith("s") and not name.lower().endswith("ss") else name


def _mostly_dates(rows: list[list[str]], index: int, width: int) -> bool:
    values = []
    for cells in rows:
        # Rows with a label cell the header lacks are shifted by one.
        offset = len(cells) - width if len(cells) == width + 1 else 0
        if 0 <= index + offset < len(cells) and clean(cells[index + offset]):
            values.append(clean(cells[index + offset]))
    dated = [v for v in values if parse_date(v) or is_partial_date(v)]
    return bool(values) and len(dated) * 2 >= len(values)


def _align(row: Row, roles: list[str | None], draft: Draft, quiet: bool = False) -> None:
    """Map a row's cells onto roles; a row may carry a label cell the header lacks, or not."""
    cells = list(row.cells)
    width = len(roles)
    while len(cells) > width and not cells[-1].strip():
        cells.pop()
    label = ""
    if roles and roles[0] == "label" and len(cells) == width - 1:
        cells = ["", *cells]
    elif len(cells) == width + 1 and "label" not in roles:
        label, cells = cells[0], cells[1:]
    if len(cells) > width:
        if not quiet:
            draft.warn(row.line, f"row has {len(cells)} cells, the header {width}: extra joined")
        cells = [*cells[: width - 1], " ".join(cells[width - 1 :])]
    cells += [""] * (width - len(cells))
    values: dict[str, str] = {}
    for role, cell in zip(roles, cells, strict=True):
        if role == "label":
            label = cell
        elif role:
            values[role] = cell
    if "action" not in values:
        # Without an action column the first unclaimed non-empty cell is the action.
        spare = [c for r, c in zip(roles, cells, strict=True) if r is None and clean(c)]
        values["action"] = spare[0] if spare else ""
    row.label, row.values = label, values


def _letter_style(rows: list[Row]) -> bool:
    """Letters (a, b …) or numbers (1., 1.1 …)? A lone digit counts half: it may be an OCR slip."""
    letters = numbers = 0
    for row in rows:
        token = _label_token(row)[0]
        if re.fullmatch(r"[A-Za-z]{1,2}", token):
            letters += 2
        elif re.fullmatch(r"[0-9]+(?:\.[0-9]+)+|[0-9]{2,}", token):
            numbers += 2
        elif token.isdigit():
            numbers += 1
    return letters >= numbers


def _label_token(row: Row) -> tuple[str, str]:
    """(label as printed, action text without it)."""
    text = clean(row.values.get("action", ""))
    cell = clean(row.label)
    if cell:
        m = _LABEL_ONLY.match(cell)
        token = m.group(1) if m else cell.strip("().")
        # "aa<TAB>) Work with …": the closing parenthesis slipped into the next cell.
        return token, re.sub(r"^[).]\s*", "", text)
    if m := _INLINE_LETTER.match(text):
        return m.group(1), text[m.end() :]
    if m := _INLINE_NUMBER.match(text):
        return m.group(1) or m.group(2), text[m.end() :]
    return "", text


# --- actions ----------------------------------------------------------------------------------


def _build_actions(section: PillarRows, letters: bool, draft: Draft) -> None:
    pillar = section.pillar
    tokens = [_label_token(row) for row in section.rows]
    merged: list[tuple[Row, str, list[str]]] = []  # (row, label token, action text parts)
    # A row's cells and the continuations joined to them, as parts joined once at the end:
    # re-joining a growing string per continuation row took quadratic time.
    parts: list[dict[str, list[str]]] = []
    deadline = ""  # the row above's deadline so far (a date cut by the page break?), capped
    for row, (token, text) in zip(section.rows, tokens, strict=True):
        cleaned = {role: clean(v) for role, v in row.values.items()}
        if not any(cleaned.values()) and not token:
            continue
        if not token and merged and _continues(row, merged[-1][0], cleaned, deadline):
            previous = merged[-1][0]
            for role, value in row.values.items():
                if cleaned[role]:
                    joined = parts[-1].setdefault(role, [])
                    if not any(map(clean, joined[:1])):
                        joined.clear()
                    joined.append(value)
            if cleaned.get("deadline"):
                deadline = f"{deadline} {cleaned['deadline']}".strip()[:100]
            merged[-1][2].append(text)
            draft.warn(row.line, f"row joined to the row above (line {previous.line}): page break")
            continue
        merged.append((row, token, [text]))
        parts.append({role: [value] for role, value in row.values.items()})
        deadline = cleaned.get("deadline", "")[:100]
    for (row, _, _), cells in zip(merged, parts, strict=True):
        row.values = {role: " ".join(values) for role, values in cells.items()}

    # The next labelled row's token, for each row: one pass from the end.
    upcoming_tokens: list[str] = []
    following = ""
    for _, token, _ in reversed(merged):
        upcoming_tokens.append(following)
        following = token or following
    upcoming_tokens.reverse()

    last: str | None = None
    for index, (row, token, text_parts) in enumerate(merged):
        text = " ".join(text_parts).strip()
        upcoming = upcoming_tokens[index]
        if letters:
            printed = clean(row.label) or (f"{token})" if token else "")
            label = _letter_label(token, printed, last, upcoming, row.line, draft)
            code = f"{pillar.code}.{label}"
        else:
            label = _number_label(token, last, row.line, draft)
            code = label if label.startswith(f"{pillar.code}.") else f"{pillar.code}.{label}"
        last = label
        text = clean(text)
        if not text:
            draft.warn(row.line, f"action {code} has no text: row skipped")
            continue
        action = DraftAction(code, text, row.line, clean(row.values.get("reference", "")))
        action.kpis = _kpis(row, code, draft)
        pillar.actions.append(action)


def _continues(row: Row, previous: Row, cleaned: dict[str, str], deadline: str) -> bool:
    """A row cut by a page break: unlabelled, and either its row above is unfinished, or it
    has no KPI and no target, or it opens a new page with text in the action column only.
    `cleaned` is the row's cells as clean() gives them, `deadline` the row above's so far."""
    if is_partial_date(deadline):
        return True
    measured = [r for r in ("kpi", "target") if r in row.header.roles]
    if measured:
        return not any(cleaned.get(r, "") for r in measured)
    others = [v for r, v in cleaned.items() if r != "action"]
    # Without KPI columns only the page break tells a continuation from an unlabelled action.
    return row.header is not previous.header and bool(others) and not any(others)


def _letter_label(
    token: str, printed: str, last: str | None, upcoming: str, line: int, draft: Draft
) -> str:
    options = next_letters(last)
    lower = token.lower()
    if token in options:
        return token
    shown = printed or token
    if lower in options:
        draft.warn(line, f"label '{shown}' read as '{lower})'")
        return lower
    after = letter_index(lower) if re.fullmatch(r"[a-z]{1,2}", lower) else None
    expected = letter_index(options[0])
    # A later letter is a real gap only if the next label follows it; else it is a slip.
    skipped = after is not None and expected is not None and after > expected
    if skipped and upcoming and upcoming.lower() in next_letters(lower):
        draft.warn(line, f"labels skip from '{last})' to '{lower})'")
        return lower
    if not token:
        draft.warn(line, f"unlabelled row read as action '{options[0]})'")
    elif token in OCR_L and options[0] == "l":
        draft.warn(line, f"label '{shown}' read as 'l)' (OCR slip)")
    else:
        draft.warn(line, f"label '{shown}' out of sequence: read as '{options[0]})'")
    return options[0]


def _number_label(token: str, last: str | None, line: int, draft: Draft) -> str:
    token = token.rstrip(".")
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)*", token):
        return ".".join(str(int(part)) for part in token.split("."))
    guess = next_number(last)
    what = f"label '{token}'" if token else "unlabelled row"
    draft.warn(line, f"{what} read as action '{guess}'")
    return guess


def _kpis(row: Row, code: str, draft: Draft) -> list[DraftKpi]:
    texts = split_parts(row.values.get("kpi", ""))
    targets = split_parts(row.values.get("target", ""))
    deadline_raw = row.values.get("deadline", "")
    deadlines = split_parts(deadline_raw)
    count = max(len(texts), len(targets))
    if count == 0:
        if "kpi" in row.header.roles or "target" in row.header.roles:
            draft.warn(row.line, f"action {code} has no KPI or target: milestone KPI added")
        return []
    if texts and targets and len(texts) != len(targets) and min(len(texts), len(targets)) > 1:
        draft.warn(row.line, f"{len(texts)} KPIs but {len(targets)} targets: paired in order")
    kpis = []
    for i in range(count):
        text = _nth(texts, i, count)
        target = _nth(targets, i, count)
        if not text:
            draft.warn(row.line, f"KPI of {code} has no text: its target is used")
        if not target:
            draft.warn(row.line, f"KPI of {code} has no target: its text is used")
        when = deadlines[i] if len(deadlines) == count else clean(deadline_raw)
        deadline = parse_date(when) if when else None
        if when and deadline is None:
            draft.warn(
                row.line, f"deadline '{_short(when)}' of {code} is not a date: plan end used"
            )
        elif not when and "deadline" in row.header.roles:
            draft.warn(row.line, f"action {code} has no deadline: plan end used")
        kpi_code = code if count == 1 else f"{code}.{i + 1}"
        kpis.append(DraftKpi(kpi_code, text or target, target or text, deadline))
    return kpis


def _nth(parts: list[str], i: int, count: int) -> str:
    if len(parts) == count:
        return parts[i]
    if len(parts) == 1:
        return parts[0]
    return parts[i] if i < len(parts) else ""
