"""Plans read from their documents load and compute like the hand-written plan files."""

import dataclasses
import datetime
from pathlib import Path

import pytest

from stratmon.facts import services as fact_services
from stratmon.kpis.services import evaluate_plan
from stratmon.planfiles.importers import import_file
from stratmon.planfiles.measures import MILESTONE
from stratmon.plans import services

SEEDS = Path(__file__).resolve().parents[1] / "planfiles" / "documents" / "seeds"
OCO_SEED = SEEDS / "004_86da4bd1b27ef5ba.txt"
NO_MEASURE = "No measure is defined"


@pytest.fixture
def reference_data(db):
    """Organisations, Members and topics, without the built-in plans."""
    services.load_reference_data()
    fact_services.load_topics()


def test_every_kpi_of_the_imported_oco_plan_computes(reference_data):
    # given the OCO document, imported as it is
    doc = import_file(OCO_SEED).plan
    assert all(k.measure == MILESTONE for k in doc.kpis())

    # when it is loaded and evaluated
    plan = services.load_plan(doc).plan
    evaluations = evaluate_plan(plan, datetime.date(2024, 1, 1))

    # then every KPI has a measure and none reads "no measure"
    assert len(evaluations) == 80
    assert not [e.kpi.code for e in evaluations if NO_MEASURE in e.result.reason]


def test_a_kpi_whose_target_is_a_milestone_is_measured_as_one_when_loaded(reference_data):
    # given a plan file whose milestone KPI says no measure, beside a count that says none
    doc = import_file(OCO_SEED).plan
    action = doc.actions()[0]
    kpis = (
        dataclasses.replace(action.kpis[0], target="Gender Equality Plan developed", measure=None),
        dataclasses.replace(action.kpis[0], code="1.1.1.n", target="Once a year", measure=None),
    )
    doc = dataclasses.replace(
        doc,
        pillars=(
            dataclasses.replace(
                doc.pillars[0],
                objectives=(
                    dataclasses.replace(
                        doc.pillars[0].objectives[0],
                        actions=(dataclasses.replace(action, kpis=kpis),),
                    ),
                ),
            ),
        ),
    )

    # when it is loaded
    plan = services.load_plan(doc).plan

    # then the milestone has the milestone measure; the count is left for a person to say
    assert dict(plan.kpis.values_list("code", "measure")) == {
        "1.1.1.m": MILESTONE.to_data(),
        "1.1.1.n": {},
    }
