"""A topic's code, name and synonyms as a person types them: cleaned and checked, no database.

Synonyms are what the measure suggestions match a plan's wording against, so two spellings
that differ only in case or spacing are one synonym, and the first one typed is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_NAME = 200  # the longest name or synonym, in characters
MAX_CODE = 40
CODE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
RESERVED = frozenset({"new"})  # /topics/new/ is the add form
_SPACES = re.compile(r"\s+")


class TopicError(ValueError):
    """A topic that cannot be saved; `field` names the form field at fault."""

    def __init__(self, field: str, problem: str) -> None:
        self.field, self.problem = field, problem
        super().__init__(f"{field}: {problem}")


def tidy(text: str) -> str:
    """`text` with its runs of white space (new lines included) made one space, trimmed."""
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """The form two names are compared in: tidied and case-folded."""
    return tidy(text).casefold()


def split_lines(text: str) -> list[str]:
    """Synonyms typed one per line (a form's text box): each line tidied, blank ones left."""
    return [line for line in (tidy(raw) for raw in text.splitlines()) if line]


def clean_code(code: str) -> str:
    """A new topic's code: lower-case letters, digits and single hyphens, at most 40."""
    code = code.strip()
    if not code:
        raise TopicError("code", "a code is required, e.g. time-release-study")
    if len(code) > MAX_CODE:
        raise TopicError("code", f"at most {MAX_CODE} characters ({len(code)} given)")
    if not CODE.fullmatch(code):
        raise TopicError(
            "code", f"'{code}': use lower-case letters, digits and single hyphens only"
        )
    if code in RESERVED:
        raise TopicError("code", f"'{code}' names a page of its own; choose another code")
    return code


def clean_name(name: str) -> str:
    name = tidy(name)
    if not name:
        raise TopicError("name", "a name is required")
    if len(name) > MAX_NAME:
        raise TopicError("name", f"at most {MAX_NAME} characters ({len(name)} given)")
    return name


def clean_synonyms(values: Iterable[str], *, name: str = "") -> list[str]:
    """The synonyms tidied, in the order given, without blanks, without repeats (whatever
    their case: the first spelling stays) and without the topic's own name."""
    seen = {fold(name)} if name else set()
    kept: list[str] = []
    for value in values:
        text = tidy(value)
        if not text or fold(text) in seen:
            continue
        if len(text) > MAX_NAME:
            raise TopicError(
                "synonyms", f"'{text[:40]}…' is {len(text)} characters; at most {MAX_NAME}"
            )
        seen.add(fold(text))
        kept.append(text)
    return kept


def clash(names: Iterable[str], others: dict[str, str]) -> tuple[str, str] | None:
    """The first of `names` that another topic already uses, and that topic's code.

    `others` maps every folded name, synonym and code of the other topics to their code.
    """
    for text in names:
        owner = others.get(fold(text))
        if owner is not None:
            return text, owner
    return None
