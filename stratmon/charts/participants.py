"""Participants by role and gender: a stacked bar per role, a segment per gender."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import SCHEMA, Chart

# As recorded (stratmon.facts.models.Participation); the order they stack and read in.
ROLES = ("participant", "head_of_delegation", "expert", "trainer", "observer")
GENDERS = ("female", "male", "other", "not_stated")
# Fill, outline (and label) colours; light fills keep the dark count labels readable. Not
# colour alone: every segment carries its count, "not stated" is outlined dashed, and the
# table holds the same numbers.
GENDER_COLOURS: dict[str, tuple[str, str]] = {
    "female": ("#e4d7f5", "#5b2c9f"),
    "male": ("#cdebe6", "#0f6e63"),
    "other": ("#fde3c8", "#8a4b08"),
    "not_stated": ("#eef1f4", "#5b6775"),
}


def words(value: str) -> str:
    """`head_of_delegation` → `head of delegation`."""
    return value.replace("_", " ")


def participants_spec(counts: Mapping[tuple[str, str], int], title: str) -> dict[str, Any]:
    """A horizontal bar per role (in ROLES order, those with anyone), stacked by gender.

    `counts` maps (role, gender) to people; an unknown role or gender raises KeyError, so a
    new choice cannot silently drop out of the chart.
    """
    unknown = {r for r, _ in counts if r not in ROLES} | {g for _, g in counts if g not in GENDERS}
    if unknown:
        raise KeyError(f"not a role or gender: {', '.join(sorted(unknown))}")
    values = [
        {"role": words(r), "gender": words(g), "count": counts[r, g], "order": i}
        for r in ROLES
        for i, g in enumerate(GENDERS)
        if counts.get((r, g), 0)
    ]
    labels = [words(g) for g in GENDERS]

    def scale(range_: list[Any]) -> dict[str, Any]:
        return {"domain": labels, "range": range_}

    x = {
        "field": "count",
        "type": "quantitative",
        "stack": "zero",
        "title": "people",
        "axis": {"tickMinStep": 1, "format": "d"},
    }
    tooltip = [
        {"field": "role", "type": "nominal", "title": "Role"},
        {"field": "gender", "type": "nominal", "title": "Gender"},
        {"field": "count", "type": "quantitative", "title": "People"},
    ]
    return {
        "$schema": SCHEMA,
        "title": title,
        "description": f"{title}: a stacked bar per role, one segment per gender.",
        "width": 480,
        "height": {"step": 28},
        "data": {"values": values},
        "encoding": {
            "y": {"field": "role", "type": "nominal", "sort": None, "title": None},
            "order": {"field": "order", "type": "quantitative"},
        },
        "layer": [
            {
                "mark": {"type": "bar", "strokeWidth": 1.5},
                "encoding": {
                    "x": x,
                    "color": {
                        "field": "gender",
                        "type": "nominal",
                        "title": "Gender",
                        "scale": scale([GENDER_COLOURS[g][0] for g in GENDERS]),
                        "legend": {"orient": "bottom", "symbolStrokeWidth": 1.5},
                    },
                    "stroke": {
                        "field": "gender",
                        "type": "nominal",
                        "title": "Gender",
                        "scale": scale([GENDER_COLOURS[g][1] for g in GENDERS]),
                    },
                    "strokeDash": {
                        "field": "gender",
                        "type": "nominal",
                        "title": "Gender",
                        "scale": scale([[4, 3] if g == "not_stated" else [1, 0] for g in GENDERS]),
                    },
                    "tooltip": tooltip,
                },
            },
            {
                "mark": {"type": "text", "fontWeight": "bold"},
                "encoding": {
                    "x": {**x, "bandPosition": 0.5},
                    "text": {"field": "count", "type": "quantitative"},
                    "color": {"value": "#1d2733"},
                    "tooltip": tooltip,
                },
            },
        ],
    }


def participants_chart(counts: Mapping[tuple[str, str], int], title: str) -> Chart:
    """The chart with its table: a row per role, a column per gender, and totals."""
    roles = [r for r in ROLES if any(counts.get((r, g), 0) for g in GENDERS)]
    rows: list[list[Any]] = [
        [
            words(r),
            *(counts.get((r, g), 0) for g in GENDERS),
            sum(counts.get((r, g), 0) for g in GENDERS),
        ]
        for r in roles
    ]
    rows.append(["all roles", *(sum(row[i + 1] for row in rows) for i in range(len(GENDERS) + 1))])
    return Chart(
        spec=participants_spec(counts, title),
        caption=title,
        columns=["role", *(words(g) for g in GENDERS), "total"],
        rows=rows,
    )
