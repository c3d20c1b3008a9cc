"""Sparklines: a series of dated values as a small inline SVG, drawn on the server.

Plain markup with presentation attributes only (no style attribute, so the page's strict
CSP holds, and no script), `role="img"` with its text alternative in `aria-label` and
`<title>`, so the same string serves a page and a PDF report. Pure Python: no Django.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Callable, Sequence
from decimal import Decimal, localcontext

Number = Decimal | float | int
Point = tuple[datetime.date, Number | None]

ACTUAL_COLOUR = "#0b5cad"  # the pages' accent
EXPECTED_COLOUR = "#8a96a3"  # muted: the reference line, dashed
PAD = 2.5  # room for the end dot and the stroke, in SVG units
# Characters XML 1.0 forbids (control characters but tab and newlines): dropped from text.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def plain_number(value: Decimal) -> str:
    """A value for the text alternative: integers whole, others to six significant digits."""
    if value == value.to_integral_value() and abs(value) < 10**15:
        return f"{value:.0f}"
    return f"{value:.6g}"


def sparkline(
    actual: Sequence[Point],
    expected: Sequence[Point] = (),
    *,
    width: int = 120,
    height: int = 28,
    name: str = "Actual",
    number: Callable[[Decimal], str] = plain_number,
    colour: str = ACTUAL_COLOUR,
    expected_colour: str = EXPECTED_COLOUR,
    css_class: str = "sparkline",
) -> str:
    """`actual` (and, dashed beneath it, `expected`) as an SVG line `width` × `height`.

    Points are (date, value); x is the date (so a mid-month last point sits where it
    belongs), y spans the lowest to the highest value of both series. A None, NaN or
    infinite value is a gap in the line; a point between two gaps is drawn as a dot, and the
    last actual point is marked. Values of any size are placed exactly (Decimal arithmetic),
    so the markup never holds NaN or infinity. The text alternative reads, e.g., "Actual from
    12 to 27 between Jul 2022 and Jun 2024; expected 33 in Jun 2024", numbers written by
    `number`.
    """
    series = _finite(actual)
    reference = _finite(expected)
    days = [d for d, _ in (*actual, *expected)]
    label = _label(series, reference, days, name, number)
    text = html.escape(NOT_XML.sub("", label), quote=True)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{_attribute(css_class)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{text}"><title>{text}</title>'
    ]
    values = [v for _, v in series + reference if v is not None]
    if values and days:
        place = _Scale(days, values, width, height)
        line = place.path(reference)
        if line:
            parts.append(
                f'<path d="{line}" fill="none" stroke="{_attribute(expected_colour)}" '
                'stroke-width="1" stroke-dasharray="3 2"/>'
            )
        line = place.path(series)
        if line:
            parts.append(
                f'<path d="{line}" fill="none" stroke="{_attribute(colour)}" '
                'stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>'
            )
        parts += [
            f'<circle cx="{x}" cy="{y}" r="{r}" fill="{_attribute(expected_colour)}"/>'
            for x, y, r in place.dots(reference, mark_last=False)
        ]
        parts += [
            f'<circle cx="{x}" cy="{y}" r="{r}" fill="{_attribute(colour)}"/>'
            for x, y, r in place.dots(series)
        ]
    parts.append("</svg>")
    return "".join(parts)


def _attribute(text: str) -> str:
    return html.escape(NOT_XML.sub("", text), quote=True)


def _finite(points: Sequence[Point]) -> list[tuple[datetime.date, Decimal | None]]:
    """The points by date, each value a finite Decimal or None (a gap)."""
    found: list[tuple[datetime.date, Decimal | None]] = []
    for day, value in sorted(points, key=lambda p: p[0]):
        number: Decimal | None = None
        if isinstance(value, Decimal):
            number = value if value.is_finite() else None
        elif isinstance(value, int | float):
            number = Decimal(value) if Decimal(value).is_finite() else None
        found.append((day, number))
    return found


def _label(
    series: list[tuple[datetime.date, Decimal | None]],
    reference: list[tuple[datetime.date, Decimal | None]],
    days: list[datetime.date],
    name: str,
    number: Callable[[Decimal], str],
) -> str:
    known = [(d, v) for d, v in series if v is not None]
    if not known:
        if not days:
            return f"{name}: no data"
        return f"{name}: no data {_span(min(days), max(days))}"
    (first_day, first), (last_day, last) = known[0], known[-1]
    if first_day == last_day:
        text = f"{name} {number(first)} in {_month(last_day)}"
    else:
        text = (
            f"{name} from {number(first)} to {number(last)} "
            f"between {_month(first_day)} and {_month(last_day)}"
        )
    due = [(d, v) for d, v in reference if v is not None]
    if due:
        text += f"; expected {number(due[-1][1])} in {_month(due[-1][0])}"
    return text


def _span(first: datetime.date, last: datetime.date) -> str:
    if (first.year, first.month) == (last.year, last.month):
        return f"in {_month(first)}"
    return f"between {_month(first)} and {_month(last)}"


def _month(day: datetime.date) -> str:
    return f"{day:%b %Y}"


class _Scale:
    """Dates to x and values to y inside the box, exactly, then rounded to 0.1 unit."""

    def __init__(
        self, days: list[datetime.date], values: list[Decimal], width: int, height: int
    ) -> None:
        self.first, self.days = min(days).toordinal(), max(days).toordinal() - min(days).toordinal()
        self.low, self.high = min(values), max(values)
        self.width, self.height = width, height

    def x(self, day: datetime.date) -> str:
        share = 0.5 if self.days == 0 else (day.toordinal() - self.first) / self.days
        return f"{PAD + share * (self.width - 2 * PAD):.1f}"

    def y(self, value: Decimal) -> str:
        with localcontext() as context:
            context.prec = 28
            span = self.high - self.low
            # A flat line sits in the middle; otherwise the highest value is at the top.
            share = float((value - self.low) / span) if span else 0.5
        return f"{PAD + (1 - share) * (self.height - 2 * PAD):.1f}"

    def path(self, points: list[tuple[datetime.date, Decimal | None]]) -> str:
        """An SVG path: a new move after every gap; "" when nothing joins two points."""
        commands, pen_down, drawn = [], False, False
        for index, (day, value) in enumerate(points):
            if value is None:
                pen_down = False
                continue
            joined = pen_down or _next_known(points, index)
            if joined:
                commands.append(f"{'L' if pen_down else 'M'}{self.x(day)} {self.y(value)}")
                drawn = drawn or pen_down
            pen_down = True
        return " ".join(commands) if drawn else ""

    def dots(
        self, points: list[tuple[datetime.date, Decimal | None]], mark_last: bool = True
    ) -> list[tuple[str, str, str]]:
        """Points between two gaps (a line would not show them), and the last known one."""
        found = []
        known = (i for i, (_, v) in enumerate(points) if v is not None)
        last = max(known, default=None) if mark_last else None
        for index, (day, value) in enumerate(points):
            if value is None:
                continue
            alone = (index == 0 or points[index - 1][1] is None) and not _next_known(points, index)
            if alone or index == last:
                found.append((self.x(day), self.y(value), "2" if index == last else "1.5"))
        return found


def _next_known(points: list[tuple[datetime.date, Decimal | None]], index: int) -> bool:
    return index + 1 < len(points) and points[index + 1][1] is not None
