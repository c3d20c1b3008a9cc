"""Figures revised since publishing, worked out from plain data (no database)."""

import datetime

import pytest

from stratmon.reports.revisions import (
    FIGURES,
    Revision,
    changed_kpis,
    published_figures,
    revisions,
)

AT = datetime.datetime(2024, 7, 2, 9, 30, tzinfo=datetime.UTC)
AS_OF = datetime.date(2024, 6, 30)


def kpi(code, status="on_track", actual=21, expected=27.0, projected=30.5, **more):
    return {"kpi": code, "status": status, "actual": actual, "expected": expected,
            "projected": projected, "reason": "words", **more}  # fmt: skip


def data(*kpis):
    """A report's data: the first KPI in pillar 1, the others in pillar 2."""
    first, rest = list(kpis[:1]), list(kpis[1:])
    return {"pillars": [{"code": "1", "kpis": first}, {"code": "2", "kpis": rest}]}


def test_the_published_figures_are_read_from_every_pillar():
    found = published_figures(data(kpi("1.a"), kpi("2.b", actual=None)))
    assert set(found) == {"1.a", "2.b"}
    assert found["2.b"] == {"status": "on_track", "actual": None, "expected": 27.0,
                            "projected": 30.5}  # fmt: skip
    assert published_figures({}) == {}


def test_unchanged_figures_are_no_revision_and_numbers_compare_by_value():
    published = published_figures(data(kpi("1.a"), kpi("2.b")))
    now = [kpi("1.a", actual=21.0, reason="other words"), kpi("2.b", expected=27)]
    assert changed_kpis(published, now) == {}


@pytest.mark.parametrize("figure", FIGURES)
def test_each_figure_that_changed_is_a_revision(figure):
    published = published_figures(data(kpi("1.a"), kpi("2.b")))
    changed = {"status": "off_track", "actual": 20, "expected": 26.5, "projected": None}
    now = [kpi("1.a", **{figure: changed[figure]}), kpi("2.b")]
    found = revisions(published, now, AT, AS_OF)
    assert list(found) == ["1.a"]
    revision = found["1.a"]
    assert revision.changed == (figure,)
    assert revision.was[figure] == kpi("1.a")[figure] and revision.now[figure] == changed[figure]
    assert (revision.published_at, revision.report_as_of) == (AT, AS_OF)


def test_a_kpi_added_since_publishing_is_not_revised():
    published = published_figures(data(kpi("1.a")))
    assert changed_kpis(published, [kpi("1.a"), kpi("1.z", actual=3)]) == {}


def test_a_revision_lists_every_changed_figure_in_order():
    revision = Revision("1.a", kpi("1.a"), kpi("1.a", status="at_risk", actual=19), AT, AS_OF)
    assert revision.changed == ("status", "actual")
