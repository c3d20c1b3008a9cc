"""Plan document importers: turn a plan as written (table or outline text) into a PlanDoc."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..schema import PlanDoc, PlanFileError, dump_plan, parse_plan_text
from . import markdown, outline, table
from .cleanup import strip_controls
from .detect import detect_shape
from .draft import DocumentError, Draft, ImportWarning
from .meta import assemble

__all__ = [
    "DocumentError",
    "ImportResult",
    "ImportWarning",
    "import_bytes",
    "import_document",
    "import_file",
]


@dataclass(frozen=True)
class ImportResult:
    """The plan read from a document and every judgement made while reading it."""

    plan: PlanDoc
    warnings: tuple[ImportWarning, ...]
    shape: str = ""  # table | markdown | outline


def import_document(
    text: str, *, filename: str, org: str | None = None, code: str | None = None
) -> ImportResult:
    """Read a plan document's text; raises DocumentError when it holds no plan.

    `org` is the organisation code (default: derived from the document, else 'unknown');
    `code` the plan code (default: organisation, title initials and years, e.g.
    `rocb-ap-sap-2022-2024`). Warnings carry 1-based line numbers of the document.
    """
    if "\x00" in text:
        raise DocumentError(filename, None, "a binary file (NUL bytes), not a text document")
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise DocumentError(filename, None, "the document is empty")
    lines = [(number, raw) for number, raw in enumerate(text.split("\n"), start=1)]
    shape = detect_shape(lines)
    if shape is None:
        raise DocumentError(
            filename,
            None,
            "no recognisable plan structure: expected a table with a header row naming its "
            "columns (action, KPI, target, deadline) or an outline with 'Priority 1' headings",
        )
    draft = Draft(shape)
    {"table": table.parse, "markdown": markdown.parse, "outline": outline.parse}[shape](
        lines, draft
    )
    if not any(p.all_actions() for p in draft.pillars):
        raise DocumentError(filename, None, f"no actions found in this {shape} document")
    plan, warnings = assemble(draft, lines, filename, org, code)
    try:
        # The canonical file is the contract: an import that would not load is our bug, but
        # it must still surface as one clear line, never as a traceback.
        parse_plan_text(dump_plan(plan), filename)
    except PlanFileError as exc:
        raise DocumentError(
            filename, None, f"the imported plan is not valid: {exc.problem}"
        ) from None
    ordered = sorted(enumerate(warnings), key=lambda item: (item[1][0], item[0]))
    return ImportResult(
        plan=plan,
        warnings=tuple(ImportWarning(line, message, filename) for _, (line, message) in ordered),
        shape=shape,
    )


def import_file(
    path: str | Path, *, org: str | None = None, code: str | None = None
) -> ImportResult:
    """Read a plan document from a file (UTF-8 text); errors name the file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DocumentError(str(path), None, "no such file") from None
    except IsADirectoryError:
        raise DocumentError(str(path), None, "a directory, not a document") from None
    except OSError as exc:
        raise DocumentError(str(path), None, exc.strerror or str(exc)) from None
    return import_bytes(data, filename=path.name, org=org, code=code)


def import_bytes(
    data: bytes, *, filename: str, org: str | None = None, code: str | None = None
) -> ImportResult:
    """Read a plan document given as bytes (an upload): UTF-8 text, else one clear error."""
    if b"\x00" in data:
        raise DocumentError(filename, None, "a binary file (NUL bytes), not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(
            filename, None, f"not a UTF-8 text file (undecodable byte at offset {exc.start})"
        ) from None
    return import_document(text, filename=filename, org=org, code=code)
