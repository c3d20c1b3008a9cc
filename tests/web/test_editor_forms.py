"""The measure editor's form: it reads back every seed measure, and any posted form gives a
measure the plan file accepts or a clear refusal (property tests: it is a parser)."""

import pytest
from django.http import QueryDict
from hypothesis import given, settings
from hypothesis import strategies as st

from stratmon.planfiles.measures import SOURCES, MeasureError, parse_measure
from stratmon.planfiles.schema import read_plan_file
from stratmon.web.editor.measure_form import fields_of, measure_data, same_meaning
from stratmon.web.editor.page import _put_measure

PLANS = "stratmon/plans/builtin/plans/"
SEED_KPIS = [
    k
    for name in ("oco-sp-2022-2027.yaml", "rocb-ap-sap-2022-2024.yaml")
    for k in read_plan_file(PLANS + name).kpis()
    if k.measure is not None
]


@pytest.mark.parametrize("kpi", SEED_KPIS, ids=lambda k: k.code)
def test_every_seed_measure_reads_back_the_same_from_its_form(kpi):
    form = QueryDict(mutable=True)
    _put_measure(form, kpi)
    back = parse_measure(measure_data(form))
    assert same_meaning(back, kpi.measure)


def test_the_fields_are_those_of_the_source():
    fields = fields_of(parse_measure({"source": "participations", "aggregate": "share",
                                      "genders": ["female"], "numerator": {"roles": ["expert"]}}),
                       [("rkc", "Revised Kyoto Convention")])  # fmt: skip
    assert [f.name for f in fields.lists] == ["m-activity_kinds", "m-genders", "m-roles"]
    assert [c.value for c in fields.flags] == ["m-linked"]
    assert fields.share and not fields.needs_topic
    chosen = [c.value for f in fields.numerator_lists for c in f.choices if c.checked]
    assert chosen == ["expert"]


def test_linked_written_out_or_left_to_its_default_means_the_same():
    assert same_meaning(
        parse_measure({"source": "activities"}),
        parse_measure({"source": "activities", "linked": True}),
    )
    assert not same_meaning(
        parse_measure({"source": "activities"}),
        parse_measure({"source": "activities", "linked": False}),
    )


names = st.sampled_from(
    ["m-source", "m-aggregate", "m-kinds", "m-statuses", "m-topic", "m-linked", "m-genders",
     "m-new_in_period", "m-with_partners", "n-genders", "n-roles", "n-fulfilled", "m-roles",
     "m-activity_kinds", "other"]
)  # fmt: skip
values = st.one_of(
    st.sampled_from([*SOURCES, "", "count", "share", "mean", "change", "workshop", "female",
                     "expert", "rkc", "1", "held", "achieved", "aeo_mra"]),
    st.text(max_size=8),
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(names, values), max_size=12))
def test_any_posted_form_gives_a_valid_measure_or_a_clear_refusal(pairs):
    form = QueryDict(mutable=True)
    for name, value in pairs:
        form.appendlist(name, value)
    data = measure_data(form)
    if data is None:
        assert form.get("m-source", "") not in SOURCES
        return
    try:
        m = parse_measure(data)
    except MeasureError as exc:
        assert exc.problem and "\n" not in str(exc)
        return
    # what the form makes, shown again, posts the same measure
    again = QueryDict(mutable=True)
    _put_measure(again, type("K", (), {"measure": m})())
    assert same_meaning(parse_measure(measure_data(again)), m)
