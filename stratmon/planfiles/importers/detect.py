"""Choosing a document's shape: tab-separated table, Markdown table or outline."""

from __future__ import annotations

from . import markdown, outline, table

Line = tuple[int, str]
SHAPES = ("table", "markdown", "outline")


def detect_shape(lines: list[Line]) -> str | None:
    """The shape whose structure the document holds, or None when it holds none.

    A header row is the strongest sign, so tables win over outlines: a table document may
    well carry bullet lists in its introduction.
    """
    tab_header = markdown_header = False
    for _, raw in lines:
        if not tab_header and (cells := table.tab_cells(raw)) and table.is_header(cells):
            tab_header = True
        if not markdown_header and (cells := markdown.pipe_cells(raw)) and table.is_header(cells):
            markdown_header = True
    if tab_header:
        return "table"
    if markdown_header:
        return "markdown"
    if outline.find_priorities(lines):
        return "outline"
    return None
