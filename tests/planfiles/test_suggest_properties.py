"""Property tests: any KPI and action text and any target give a valid suggestion."""

import datetime
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from stratmon.planfiles.measures import parse_measure
from stratmon.planfiles.schema import (
    ActionDoc,
    KpiDoc,
    PillarDoc,
    PlanDoc,
    dump_plan,
    parse_plan_text,
)
from stratmon.planfiles.suggest import suggest_plan_measures

from .suggest_cases import PLAN, TOPICS, suggest

# Words that steer random text into the rules' deeper paths.
WORDS = [
    "Number of", "Members", "27/33", "At least", "per year", "Once a year", "twice", "%",
    "of the", "women", "heads of delegation", "among", "requests", "accredited experts",
    "missions", "workshops", "training", "needs analysis", "success stories", "reports",
    "exchanges of information", "MRA", "arrangement", "sharing", "experiences", "new",
    "additional", "RKC", "TRS", "Kyoto", "(1)", "(2)", "joint", "partners", "average",
    "4 out of 5", "growth", "officers", "Completed", "newsletter", "website", "e-learning",
    "participating in", "coached members", "(", ")", "/", "-", " ", "\u2028", "é",
]  # fmt: skip
text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=8)), max_size=12).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(text, text, text, st.sampled_from(["1.a", "1.a.1", "1.a.2", "3.1.1.n"]))
def test_any_kpi_gives_a_valid_suggestion(action, indicator, target, code):
    found = suggest(action, indicator, target, code)
    assert parse_measure(found.measure.to_data()) == found.measure
    assert found.fit in ("good", "closest", "none")
    assert found.reason and len(found.reason) <= 2000
    assert found.fit != "none" or found.measure.source == "milestone"


def _clean(text: str) -> str:
    return " ".join(text.split())


words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(words, words, words), min_size=1, max_size=5))
def test_a_plan_with_suggestions_is_a_valid_plan_file(rows):
    kpis = tuple(
        KpiDoc(f"1.{i}", _clean(f"KPI {i} {k}"), _clean(f"{t} {i}"), datetime.date(2026, 12, 31))
        for i, (_, k, t) in enumerate(rows)
    )
    actions = tuple(
        ActionDoc(f"1.{i}", _clean(f"Action {a}"), kpis=(kpi,))
        for i, ((a, _, _), kpi) in enumerate(zip(rows, kpis, strict=True))
    )

    plan = PlanDoc(**{**PLAN.__dict__, "pillars": (PillarDoc("1", "One", actions=actions),)})
    suggested = suggest_plan_measures(plan, TOPICS)
    assert all(k.measure is not None and k.suggested for k in suggested.kpis())
    assert parse_plan_text(dump_plan(suggested)) == suggested


RUNS = [" ", "a", "1", ".", "(", ")", "a ", "1 ", ". ", "Members ", "trained ", "(1) ", "TRS "]


def test_long_runs_are_read_in_linear_time():
    # 10,000 characters of what the patterns repeat over, ending in a late mismatch
    for run in RUNS:
        text = (run * (10_000 // len(run)))[:10_000] + "!"
        for args in ((text, text, text), ("x", text, "At least 3"), ("x", "Number of x", text)):
            started = time.perf_counter()
            suggest(*args)
            assert time.perf_counter() - started < 2, (run, [len(a) for a in args])
