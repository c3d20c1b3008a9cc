"""Outline documents: priority headings, overall objectives, objective lines and bullet actions."""

from __future__ import annotations

import re
from collections import Counter

from .cleanup import clean
from .draft import Draft, DraftAction, DraftObjective, DraftPillar
from .meta import BULLET, heading_of, read_front

Line = tuple[int, str]

# No two unbounded repeats over spaces meet (they backtracked quadratically on a long run of
# spaces); the title is taken greedily and trimmed in Python.
PRIORITY = re.compile(
    r"^\s{0,3}(?:#{1,6}\s*)?(?:\*\*\s*)?\s{0,3}(?P<keyword>strategic\s+priority|strategic\s+goal|"
    r"strategic\s+pillar|key\s+result\s+area|focus\s+area|priority\s+area|priority|pillar|goal|"
    r"theme|area)\s+(?P<number>[0-9]{1,2})(?![0-9.])(?:\s*[:.)–—-])?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
OVERALL = re.compile(
    r"^\s*(?:\*\*)?overall\s+(?:objective|goal|aim)s?\s*(?:\*\*)?\s*[:\-–—]\s*(?P<text>.*)$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^\s*(?:#{1,6}\s*)?(?P<code>[0-9]{1,2}(?:\.[0-9]{1,2}){1,2})\.?\s+(?=\S)")
_OBJECTIVE_PREFIX = re.compile(r"^(?:sub-?)?objectives?\s*(?:[0-9.]+)?\s*[:.\-–—]\s*", re.I)
_NOTE = re.compile(r"^\s*(?:notes?|nb)\s*[:.\-–—]\s*(?P<text>.+)$", re.IGNORECASE)
_FOOTNOTE = re.compile(r"^\s*(?:[*†‡¹²³]+)\s*(?P<text>\S.*)$")
_QUOTED = re.compile(r"[“\"‘']([^”\"’']{3,60})[”\"’']")
_RUN_TOGETHER = re.compile(r"\)\s+(?=[A-Z][a-z]+(?:\s+[a-z]+){2,})")


def find_priorities(lines: list[Line]) -> list[int]:
    """Indexes of the priority heading lines."""
    return [i for i, (_, raw) in enumerate(lines) if "\t" not in raw and PRIORITY.match(raw)]


def parse(lines: list[Line], draft: Draft) -> None:
    """Fill `draft` from an outline document."""
    starts = find_priorities(lines)
    if not starts:
        return
    read_front(lines[: starts[0]], draft, first_line_is_title=True)
    markers = Counter(m.group(1) for _, raw in lines[starts[0] :] if (m := BULLET.match(raw)))
    bullet_mark = markers.most_common(1)[0][0] if markers else "-"
    keyword = " ".join(PRIORITY.match(lines[starts[0]][1]).group("keyword").split())  # type: ignore[union-attr]
    draft.pillar_level = keyword.title()
    _Reader(draft, bullet_mark).read(lines[starts[0] :])


class _Reader:
    def __init__(self, draft: Draft, bullet_mark: str) -> None:
        self.draft, self.bullet_mark = draft, bullet_mark
        self.pillar: DraftPillar | None = None
        self.objective: DraftObjective | None = None
        self.last: DraftAction | DraftObjective | None = None
        self.needs_title = False

    def read(self, lines: list[Line]) -> None:
        for number, raw in lines:
            if raw.strip():
                self.line(number, raw)
        self.close_objective()

    def line(self, number: int, raw: str) -> None:
        draft = self.draft
        if m := PRIORITY.match(raw):
            self.close_objective()
            code = str(int(m.group("number")))
            title = clean(m.group("title").strip().strip("*: "))
            self.pillar = DraftPillar(code, title, number)
            self.needs_title = not title
            self.objective, self.last = None, None
            draft.pillars.append(self.pillar)
            return
        pillar = self.pillar
        assert pillar is not None
        text = clean(raw)
        if m := OVERALL.match(raw):
            pillar.overall_objective = clean(m.group("text"))
            self.last, self.needs_title = None, False
            return
        bullet = BULLET.match(raw)
        if self.needs_title and not bullet and text:
            pillar.title, self.needs_title = clean(raw.lstrip("#").strip("*: ")), False
            return
        if bullet and bullet.group(1) == self.bullet_mark:
            self.action(number, clean(bullet.group(2)), None)
        elif m := _NOTE.match(raw):
            pillar.notes.append(("Note", clean(m.group("text"))))
        elif (
            (m := _FOOTNOTE.match(raw))
            and not raw.lstrip().startswith("**")
            and (bullet is None or bullet.group(1) == "*")
        ):
            note = clean(m.group("text"))
            quoted = _QUOTED.search(note)
            pillar.notes.append((quoted.group(1).strip() if quoted else "Footnote", note))
        elif bullet:
            self.action(number, clean(bullet.group(2)), None)
        elif m := _NUMBERED.match(raw):
            code, rest = m.group("code"), clean(raw[m.end() :])
            if code.count(".") == 2:
                self.action(number, rest, code)
            else:
                self.new_objective(number, rest, code)
        elif text and self.last is not None and _continues(text):
            self.join(number, text)
        elif text:
            heading = heading_of(raw)
            self.new_objective(number, heading[1] if heading else text, None)

    def new_objective(self, number: int, title: str, code: str | None) -> None:
        pillar = self.pillar
        assert pillar is not None
        self.close_objective()
        title = _OBJECTIVE_PREFIX.sub("", title).rstrip(":").strip() or title
        wanted = f"{pillar.code}.{len(pillar.objectives) + 1}"
        if code and not code.startswith(f"{pillar.code}."):
            # A number from another priority is a slip; the position in the outline is not.
            self.draft.warn(number, f"objective numbered '{code}' under {pillar.code}: '{wanted}'")
            code = None
        self.objective = DraftObjective(code or wanted, title, number)
        pillar.objectives.append(self.objective)
        self.last = self.objective

    def action(self, number: int, text: str, code: str | None) -> None:
        pillar = self.pillar
        assert pillar is not None
        if not text:
            return
        owner = self.objective.actions if self.objective else pillar.actions
        parent = self.objective.code if self.objective else pillar.code
        wanted = f"{parent}.{len(owner) + 1}"
        if code and not code.startswith(f"{parent}."):
            self.draft.warn(number, f"action numbered '{code}' under {parent}: '{wanted}'")
            code = None
        code = code or wanted
        action = DraftAction(code, text, number)
        owner.append(action)
        self.last = action
        if m := _RUN_TOGETHER.search(text):
            first, second = text[: m.start() + 1], text[m.end() :]
            self.draft.warn(
                number,
                f"action {code} may be two actions run together: '{first}' and '{second}'; "
                "split it by hand if so",
            )

    def join(self, number: int, text: str) -> None:
        last = self.last
        if isinstance(last, DraftAction):
            last.text = f"{last.text} {text}"
            self.draft.warn(number, f"wrapped line joined to action {last.code}")
        elif isinstance(last, DraftObjective):
            last.title = f"{last.title} {text}".rstrip(":").strip()
            self.draft.warn(number, f"wrapped line joined to objective {last.code}")

    def close_objective(self) -> None:
        if self.objective is not None and not self.objective.actions:
            self.draft.warn(self.objective.line, f"objective {self.objective.code} has no actions")
        self.objective = None


def _continues(text: str) -> bool:
    """A line that carries on the line above: it starts in lower case or with punctuation."""
    return text[0].islower() or text[0] in ",;:)&/–-"
