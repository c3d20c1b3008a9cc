"""Property tests: any sequence of editor operations on the seed plans keeps the plan a valid
plan file whose export → load → export is byte-identical, or is refused with EditError."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stratmon.planfiles import edit as E
from stratmon.planfiles.measures import SOURCES
from stratmon.planfiles.schema import dump_plan, parse_plan_text, read_plan_file

PLANS = "stratmon/plans/builtin/plans/"
SEEDS = {
    "oco": read_plan_file(PLANS + "oco-sp-2022-2027.yaml"),
    "rocb": read_plan_file(PLANS + "rocb-ap-sap-2022-2024.yaml"),
}
words = st.text(alphabet=st.sampled_from("abcXYZ 12.-é\t"), max_size=12)
codes = st.text(alphabet=st.sampled_from("ab12.-"), min_size=1, max_size=6)
days = st.dates(datetime.date(2019, 1, 1), datetime.date(2031, 12, 31))
measures = st.sampled_from(
    [
        None,
        {"source": "milestone"},
        {"source": "activities", "kinds": ["workshop"]},
        {"source": "member_statuses", "topic": "rkc"},
        {"source": "requests", "numerator": {"fulfilled": True}},
        {"source": "outputs", "nope": 1},
        *({"source": s} for s in SOURCES),
    ]
)


def pick(data, items):
    return data.draw(st.sampled_from(items)) if items else "none"


def operation(data, doc):
    """One random operation on `doc`, with arguments drawn mostly from the plan's own codes."""
    actions = [a.code for a in doc.actions()] or ["none"]
    kpis = [k.code for k in doc.kpis()] or ["none"]
    pillars = [p.code for p in doc.pillars]
    objectives = [o.code for p in doc.pillars for o in p.objectives] or ["none"]
    step = data.draw(st.sampled_from([-1, 1]))
    ops = [
        lambda: E.set_plan_fields(doc, title=data.draw(words), period_end=data.draw(days)),
        lambda: E.add_pillar(doc, data.draw(codes), data.draw(words)),
        lambda: E.edit_pillar(doc, pick(data, pillars), title=data.draw(words)),
        lambda: E.move_pillar(doc, pick(data, pillars), step),
        lambda: E.remove_pillar(doc, pick(data, pillars)),
        lambda: E.add_objective(doc, pick(data, pillars), data.draw(codes), data.draw(words)),
        lambda: E.move_objective(doc, pick(data, objectives), step),
        lambda: E.remove_objective(doc, pick(data, objectives)),
        lambda: E.add_action(doc, data.draw(codes), data.draw(words), after=pick(data, actions)),
        lambda: E.edit_action(doc, pick(data, actions), text=data.draw(words)),
        lambda: E.move_action(doc, pick(data, actions), step),
        lambda: E.move_action_to(doc, pick(data, actions), pillar=pick(data, pillars)),
        lambda: E.remove_action(doc, pick(data, actions)),
        lambda: E.add_kpi(doc, pick(data, actions), data.draw(codes), "x", data.draw(words)),
        lambda: E.edit_kpi(
            doc, pick(data, kpis), target=data.draw(words), measure=data.draw(measures)
        ),
        lambda: E.edit_kpi(doc, pick(data, kpis), deadline=data.draw(days)),
        lambda: E.move_kpi(doc, pick(data, kpis), step),
        lambda: E.remove_kpi(doc, pick(data, kpis)),
        lambda: E.split_action(
            doc,
            pick(data, actions),
            at=data.draw(st.integers(-2, 80)),
            new_kpis=data.draw(st.lists(st.sampled_from(kpis), max_size=2)),
        ),
        lambda: E.merge_actions(doc, pick(data, actions), pick(data, actions)),
    ]
    return data.draw(st.sampled_from(ops))()


@pytest.mark.parametrize("seed", sorted(SEEDS))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_sequence_of_edits_keeps_the_plan_exact(seed, data):
    doc = SEEDS[seed]
    for _ in range(data.draw(st.integers(1, 4))):
        try:
            doc = operation(data, doc)
        except E.EditError as exc:
            assert "\n" not in str(exc) and exc.problem
            continue
        text = dump_plan(doc)
        assert parse_plan_text(text) == doc
        assert dump_plan(parse_plan_text(text)) == text
        assert "&id" not in text and "*id" not in text
