"""Plural forms of level names, for every count a page or command shows."""

import pytest

from stratmon.planfiles.words import counted, plural


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("priority", "priorities"),
        ("Priority", "Priorities"),
        ("strategy", "strategies"),
        ("activity", "activities"),
        ("objective", "objectives"),
        ("pillar", "pillars"),
        ("goal", "goals"),
        ("area", "areas"),
        ("outcome", "outcomes"),
        ("theme", "themes"),
        ("Specific Action", "Specific Actions"),
        ("Strategic Priority", "Strategic Priorities"),
        ("Key Result Area (KRA)", "Key Result Areas (KRA)"),
        ("pathway", "pathways"),
        ("focus", "focuses"),
        ("axis", "axes"),
        ("branch", "branches"),
        ("KPI", "KPIs"),
        ("sub-objective", "sub-objectives"),
        ("", ""),
    ],
)
def test_a_level_name_has_its_plural(name, expected):
    assert plural(name) == expected


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "0 priorities"), (1, "1 priority"), (6, "6 priorities")]
)
def test_a_count_takes_the_right_form(n, expected):
    assert counted(n, "priority") == expected
