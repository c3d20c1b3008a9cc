"""Markdown table documents: `| … |` rows, read with the same row logic as tab-separated tables."""

from __future__ import annotations

import re

from . import table
from .draft import Draft

Line = tuple[int, str]
_SEPARATOR_CELL = re.compile(r"^\s*:?-{2,}:?\s*$")


def pipe_cells(raw: str) -> list[str] | None:
    """The cells of a `| a | b |` line; [] for the `|---|---|` rule; None for other lines."""
    line = raw.strip()
    if not line.startswith("|") or line.count("|") < 2:
        return None
    # An escaped pipe is part of a cell's text.
    cells = [c.replace("\0", "|") for c in line.replace("\\|", "\0").split("|")]
    cells = cells[1:-1] if line.endswith("|") and not line.endswith("\\|") else cells[1:]
    if cells and all(_SEPARATOR_CELL.match(c) for c in cells):
        return []
    return [c.strip() for c in cells]


def parse(lines: list[Line], draft: Draft) -> None:
    """Fill `draft` from a Markdown-table document."""
    table.parse(lines, draft, split=pipe_cells)
