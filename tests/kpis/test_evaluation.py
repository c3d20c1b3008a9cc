"""Live KPI evaluation: every KPI computed from recorded facts, as of any date."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from stratmon.facts.models import (
    Activity,
    Agreement,
    Evaluation,
    MemberStatus,
    MilestoneUpdate,
    Output,
    Participation,
    Topic,
)
from stratmon.kpis.services import evaluate_plan
from stratmon.plans.models import KPI, Action, Member, Plan

D = datetime.date
pytestmark = pytest.mark.django_db
ROCB = "rocb-ap-sap-2022-2024"
STATUSES = {"achieved", "on_track", "at_risk", "off_track", "not_started", "no_data"}


def rocb():
    return Plan.objects.select_related("organisation").get(code=ROCB)


def by_code(evaluations):
    return {e.kpi.code: e for e in evaluations}


def record_facts(scale: int = 1) -> None:
    """A small, varied set of facts; `scale` multiplies the rows without changing the plan."""
    rkc = Topic.objects.get(code="rkc")
    members = list(Member.objects.of(rocb().organisation, D(2022, 7, 1)).order_by("iso3"))[:30]
    for i, m in enumerate(members):
        MemberStatus.objects.create(
            ref=f"ST-RKC-{m.iso3}",
            member=m,
            topic=rkc,
            status="achieved",
            effective=D(2020, 1, 1) if i < 20 else D(2023, 1, 1 + i - 20),
        )
    hh = Action.objects.get(plan__code=ROCB, code="1.hh")
    for n in range(3 * scale):
        for year in (2022, 2023):
            a = Activity.objects.create(
                ref=f"ACT-{year}-{n}",
                kind="workshop",
                title="CB workshop",
                status="held",
                start=D(year, 9, 1) + datetime.timedelta(days=n % 200),
                end=D(year, 9, 1) + datetime.timedelta(days=n % 200),
            )
            a.actions.add(hh)
            Participation.objects.bulk_create(
                Participation(
                    ref=f"P-{year}-{n}-{k}",
                    activity=a,
                    member=members[k],
                    gender="female" if k % 3 == 0 else "male",
                )
                for k in range(6)
            )
            Evaluation.objects.create(ref=f"EV-{year}-{n}", activity=a, score=Decimal("4.2"))
    for n in range(2):
        ag = Agreement.objects.create(ref=f"AG-{n}", kind="aeo_mra", signed_on=D(2023, 3, 1 + n))
        ag.members.set(members[n : n + 2])
    Output.objects.create(ref="O-1", kind="success_story", title="A story", date=D(2023, 2, 1))


def test_every_rocb_kpi_evaluates_with_a_status_and_a_reason(builtin):
    record_facts()
    evaluations = evaluate_plan(rocb(), D(2023, 12, 31))
    assert len(evaluations) == 60
    for e in evaluations:
        got = e.to_json()
        assert got["status"] in STATUSES, e.kpi.code
        assert got["reason"], e.kpi.code
        assert got["target"]["parsed"] is True, e.kpi.code
    found = by_code(evaluations)
    assert found["1.g"].result.actual == 30  # 20 before the plan + 10 during it
    assert found["1.hh"].result.status == "on_track"  # 3 a year, 3 in year 1 and so far in year 2
    assert [p.met for p in found["1.hh"].result.periods] == [True, None]
    assert found["1.e"].result.actual == 2
    assert found["3.e.1"].result.actual == Decimal("0.3333")  # 12 of 36 participations
    assert found["3.h"].result.actual == Decimal("4.2")
    assert found["3.j"].result.actual == 1
    assert found["1.a"].result.status == "no_data"  # no status recorded on that topic


def test_the_kpi_json_keeps_the_contract(builtin):
    record_facts()
    out = StringIO()
    call_command("kpis", ROCB, "--as-of", "2023-06-30", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert [d["kpi"] for d in data][:3] == ["1.a", "1.b", "1.c"]
    first = next(d for d in data if d["kpi"] == "1.g")
    assert set(first) >= {
        "plan",
        "action",
        "kpi",
        "text",
        "target",
        "deadline",
        "as_of",
        "actual",
        "expected",
        "projected",
        "status",
        "reason",
        "periods",
    }
    assert first["plan"] == ROCB and first["action"] == "1.g" and first["deadline"] == "2024-06-30"
    assert first["as_of"] == "2023-06-30"
    assert first["target"]["value"] == 33 and first["target"]["out_of"] == 33
    assert first["members"] == 34  # Solomon Islands joined on 2023-01-26
    compound = [d["kpi"] for d in data if d["action"] == "1.ff"]
    assert compound == ["1.ff.1", "1.ff.2", "1.ff.3"]
    hh = next(d for d in data if d["kpi"] == "1.hh")
    assert hh["periods"] == [{"start": "2022-07-01", "end": "2023-06-30", "actual": 3, "met": True}]


def test_evaluation_as_of_a_past_date_gives_the_past_answer(builtin):
    record_facts()
    before = by_code(evaluate_plan(rocb(), D(2022, 12, 31)))
    after = by_code(evaluate_plan(rocb(), D(2023, 6, 30)))
    assert before["1.g"].result.actual == 20
    assert after["1.g"].result.actual == 30
    assert before["1.e"].result.status == "no_data"  # the MRAs were signed in March 2023
    assert after["1.e"].result.actual == 2


def test_queries_do_not_grow_with_the_data(builtin, django_assert_max_num_queries):
    record_facts(scale=1)
    plan = rocb()
    kpis = KPI.objects.filter(plan=plan).count()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        evaluate_plan(plan, D(2023, 12, 31))
    Activity.objects.all().delete()
    MemberStatus.objects.all().delete()
    Agreement.objects.all().delete()
    Output.objects.all().delete()
    record_facts(scale=20)
    with CaptureQueriesContext(connection) as large:
        evaluate_plan(plan, D(2023, 12, 31))
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(small.captured_queries) <= 2 + 2 * kpis
    # Pinned: the KPIs, the Member count, all Member-status levels in two queries (as of the
    # date and at the plan start), then
    # one query for each other KPI (its baseline, if any, comes from the same query).
    levels = sum(
        1
        for k in KPI.objects.filter(plan=plan)
        if k.measure.get("source") == "member_statuses" and not k.measure.get("new_in_period")
    )
    assert levels == 23
    assert len(small.captured_queries) == 4 + (60 - levels)


def test_a_milestone_is_done_from_its_date(builtin):
    oco = Plan.objects.select_related("organisation").get(code="oco-sp-2022-2027")
    KPI.objects.filter(plan=oco, code="6.5.1.m").update(
        done_on=D(2025, 3, 1), evidence="M&E framework adopted by the Annual Conference"
    )
    assert by_code(evaluate_plan(oco, D(2025, 2, 28)))["6.5.1.m"].result.status == "no_data"
    done = by_code(evaluate_plan(oco, D(2025, 3, 1)))["6.5.1.m"].result
    assert done.status == "achieved"
    assert done.reason == (
        "done on 2025-03-01; evidence: M&E framework adopted by the Annual Conference"
    )
    assert by_code(evaluate_plan(oco, D(2027, 7, 1)))["6.5.2.m"].result.status == "off_track"


def progress(kpi: KPI, on: datetime.date, **fields) -> MilestoneUpdate:
    return MilestoneUpdate.objects.create(
        ref=f"MU-{kpi.code}-{on}", kpi=kpi, reported_on=on, **fields
    )


def test_a_milestone_is_judged_on_its_reported_progress(builtin):
    oco = Plan.objects.select_related("organisation").get(code="oco-sp-2022-2027")
    gep = KPI.objects.get(plan=oco, code="6.5.1.m")
    gep.planned_start = D(2024, 1, 1)
    gep.save(update_fields=["planned_start"])
    deadline_days = (gep.deadline - D(2024, 1, 1)).days + 1
    half = D(2024, 1, 1) + datetime.timedelta(days=deadline_days // 2)

    def status(as_of):
        return by_code(evaluate_plan(oco, as_of))["6.5.1.m"].result

    assert status(D(2023, 12, 31)).status == "not_started"
    assert status(D(2024, 2, 1)).reason.startswith("no progress reported since work was due")
    progress(gep, D(2024, 2, 1), steps_done=1, steps_total=4)
    assert status(half).status == "off_track"  # a quarter done at half time
    progress(gep, half, percent_complete=50, note="draft circulated")
    result = status(half)
    assert (result.status, result.actual) == ("on_track", Decimal("0.5"))
    progress(gep, half + datetime.timedelta(days=3), percent_complete=100, evidence="GEP v1.pdf")
    done = status(half + datetime.timedelta(days=3))
    assert done.status == "achieved"
    assert done.reason.endswith("evidence: GEP v1.pdf")


def test_milestone_progress_costs_one_query_for_the_whole_plan(builtin, django_assert_num_queries):
    oco = Plan.objects.select_related("organisation").get(code="oco-sp-2022-2027")
    kpis = list(oco.kpis.select_related("action", "plan").order_by("order"))
    for kpi in kpis[:10]:
        progress(kpi, D(2023, 1, 1), percent_complete=10)
    milestones = [k for k in kpis if k.measure.get("source") == "milestone"]
    others = [k for k in kpis if k.measure and k.measure.get("source") != "milestone"]
    assert len(milestones) > 50
    # the Member count, the progress of every milestone, one query per other KPI
    with django_assert_num_queries(2 + len(others)):
        evaluate_plan(oco, D(2024, 1, 1), kpis)


def test_new_adopters_count_members_that_joined_during_the_plan(builtin):
    rkc = Topic.objects.get(code="rkc")
    for iso3, day in [("FJI", D(2019, 1, 1)), ("TON", D(2023, 1, 1)), ("WSM", D(2024, 1, 1))]:
        MemberStatus.objects.create(
            ref=f"ST-{iso3}",
            member=Member.objects.get(iso3=iso3),
            topic=rkc,
            status="achieved",
            effective=day,
        )
    oco = Plan.objects.select_related("organisation").get(code="oco-sp-2022-2027")
    got = by_code(evaluate_plan(oco, D(2024, 6, 30)))["3.1.1.n"]
    assert got.result.actual == 2
    assert got.result.status in {"on_track", "at_risk", "off_track"}


def test_kpis_command_refuses_a_bad_date_and_an_unknown_plan(builtin):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="--as-of: not a date: '2023-02-30'"):
        call_command("kpis", ROCB, "--as-of", "2023-02-30")
    with pytest.raises(CommandError, match="no plan with code 'nope'"):
        call_command("kpis", "nope")


def test_the_readable_table_has_one_line_per_kpi(builtin):
    out = StringIO()
    call_command("kpis", ROCB, "--as-of", "2023-06-30", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "ROCB A/P Strategic Action Plan 2022-2024 — as of 2023-06-30"
    assert len(lines) == 1 + 60 + 1
    assert lines[-1].startswith("Summary: ")


@pytest.mark.parametrize("as_of", [D(2023, 6, 30), D(2024, 7, 1)])
def test_no_frequency_kpi_is_achieved_with_plan_periods_still_to_come(builtin, as_of):
    from stratmon.engine import periods_for
    from stratmon.facts import sample

    sample.load_sample(D(2026, 11, 22))
    plan = rocb()
    for e in evaluate_plan(plan, as_of):
        if e.result.status != "achieved" or e.target.per_months is None:
            continue
        end = max(e.kpi.deadline, plan.period_start)
        ahead = [
            p
            for p in periods_for(plan.period_start, end, e.target.per_months, plan.year_start_month)
            if p.end > as_of
        ]
        assert not ahead, f"{e.kpi.code} is achieved with {len(ahead)} periods to come"
    statuses = {e.kpi.code: e.result.status for e in evaluate_plan(plan, D(2023, 6, 30))}
    assert statuses["1.n"] != "achieved" and statuses["2.a"] != "achieved"
