"""A Member report model to the bytes of a file: PDF or XLSX (a Member report has no CSV)."""

from __future__ import annotations

from collections.abc import Callable

from .member_model import MemberReport
from .member_pdf import render_member_pdf
from .member_xlsx import render_member_xlsx
from .render import FORMATS

MEMBER_FORMATS: dict[str, tuple[Callable[[MemberReport], bytes], str]] = {
    "pdf": (render_member_pdf, FORMATS["pdf"][1]),
    "xlsx": (render_member_xlsx, FORMATS["xlsx"][1]),
}


def render_member(report: MemberReport, fmt: str) -> bytes:
    return MEMBER_FORMATS[fmt][0](report)
