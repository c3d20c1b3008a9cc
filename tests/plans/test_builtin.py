"""The built-in reference data and seed plans, as shipped."""

import datetime

import pytest

from stratmon.planfiles.schema import dump_plan, parse_plan_text
from stratmon.plans import services
from stratmon.plans.models import Member, Membership, Organisation

D = datetime.date


def plans():
    return {name: parse_plan_text(text, name) for name, text in services.builtin_plan_files()}


def test_the_shipped_plan_files_are_in_canonical_form():
    for name, text in services.builtin_plan_files():
        assert dump_plan(parse_plan_text(text, name)) == text, name


def test_the_rocb_plan_has_54_actions_and_60_kpis_in_plan_order():
    plan = plans()["rocb-ap-sap-2022-2024.yaml"]
    per_pillar = [len(p.all_actions()) for p in plan.pillars]
    assert per_pillar == [37, 2, 12, 3]
    codes = [a.code for a in plan.actions()]
    assert codes[:3] == ["1.a", "1.b", "1.c"]
    assert codes[26:37] == [
        "1.aa",
        "1.bb",
        "1.cc",
        "1.dd",
        "1.ee",
        "1.ff",
        "1.gg",
        "1.hh",
        "1.ii",
        "1.jj",
        "1.kk",
    ]
    assert codes[37:39] == ["2.a", "2.b"]
    assert codes[-3:] == ["4.a", "4.b", "4.c"]
    assert len(plan.kpis()) == 60
    assert [(p.year_start_month, p.period_start, p.period_end) for p in [plan]] == [
        (7, D(2022, 7, 1), D(2024, 6, 30))
    ]


@pytest.mark.parametrize(
    ("action", "kpis"),
    [
        (
            "1.i",
            [
                ("1.i.1", "Number of implementing Members", "At least 27 Members"),
                ("1.i.2", "Number of new contracting Members", "6 new contracting parties"),
            ],
        ),
        (
            "1.ff",
            [
                ("1.ff.1", "Number of Members", "25/33 Members"),
                ("1.ff.2", "publish evaluation report", "once per year"),
                ("1.ff.3", "Number of Members sharing", "At least 5 Members per year"),
            ],
        ),
        (
            "3.e",
            [
                (
                    "3.e.1",
                    "Number of women participations for workshops",
                    "At least 25% of the participations",
                ),
                (
                    "3.e.2",
                    "Women participation for international fora",
                    "At least 20% annual growth of female Head of delegation at international "
                    "forums.",
                ),
            ],
        ),
        (
            "3.k",
            [
                ("3.k.1", "Number of expert exchanges", "At least once per year"),
                (
                    "3.k.2",
                    "Number of Members sharing their experiences",
                    "At least 5 Members per year",
                ),
                ("3.k.3", "Workshops conducted", "At least twice per year"),
            ],
        ),
    ],
)
def test_compound_kpis_are_split_into_their_parts(action, kpis):
    [found] = [a for a in plans()["rocb-ap-sap-2022-2024.yaml"].actions() if a.code == action]
    assert [(k.code, k.text, k.target) for k in found.kpis] == kpis


def test_the_conversion_slips_of_the_rocb_document_are_repaired():
    actions = {a.code: a for a in plans()["rocb-ap-sap-2022-2024.yaml"].actions()}
    assert actions["1.s"].text == (
        "Upon request, assist Member's effort in promoting cooperation and coordination for "
        "Coordinated Border Management (CBM)"
    )
    assert actions["1.s"].reference == "1.2.1 – 1st, 3rd to 4th milestones"
    assert actions["1.l"].text.startswith(
        "Upon request, assist Member's effort in introducing self-certification"
    )
    assert actions["2.a"].text.startswith("Work with Vice Chair to enhance cooperation")
    assert actions["3.c"].text.startswith("Upon request, assist Members to promote the WCO e-")
    assert actions["3.l"].text.startswith("Further strengthen cooperation among the Regional")
    for action in actions.values():
        assert "<" not in action.text + action.reference
        assert "  " not in action.text


def test_the_oco_plan_has_6_priorities_23_objectives_81_actions():
    plan = plans()["oco-sp-2022-2027.yaml"]
    assert [len(p.objectives) for p in plan.pillars] == [3, 3, 5, 3, 4, 5]
    assert len(plan.actions()) == 81
    assert plan.levels.pillar == "Priority"
    assert plan.pillars[3].overall_objective == "To promote fair and eficient revenue collection"
    actions = {a.code: a for a in plan.actions()}
    assert actions["3.1.1"].text == (
        "Adoption by 5 additional members of the Revised Kyoto Convention (RKC)"
    )
    assert actions["3.1.2"].text.startswith("Gap analysis conducted on selected members")
    assert actions["6.4.2"].text.endswith("OCO strategic plans and work programmes")
    # Every action has its milestone KPI, added by the plan's owners.
    for action in plan.actions():
        assert action.kpis[0].code == f"{action.code}.m"
        assert action.kpis[0].origin == "added"
    assert [k.code for k in plan.kpis() if k.code.endswith(".n")] == ["1.2.1.n", "3.1.1.n"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("org", "day", "count"),
    [
        ("rocb-ap", D(2022, 7, 1), 33),
        ("rocb-ap", D(2023, 1, 25), 33),
        ("rocb-ap", D(2023, 1, 26), 34),  # Solomon Islands joined the WCO
        ("rocb-ap", D(2024, 2, 2), 35),  # Palau
        ("rocb-ap", D(2024, 6, 30), 35),
        ("oco", D(2022, 7, 1), 23),  # Norfolk Island left in 2016; Tokelau not yet a Member
        ("oco", D(2025, 5, 22), 23),
        ("oco", D(2025, 5, 23), 24),  # Tokelau
    ],
)
def test_members_are_counted_as_of_a_date(builtin, org, day, count):
    assert Organisation.objects.get(code=org).members_as_of(day).count() == count


@pytest.mark.django_db
def test_a_member_of_both_organisations_is_one_member(builtin):
    fiji = Member.objects.get(iso3="FJI")
    assert sorted(fiji.memberships.values_list("organisation__code", flat=True)) == [
        "oco",
        "rocb-ap",
    ]
    both = Member.objects.of(Organisation.objects.get(code="oco"), D(2024, 6, 30)).filter(
        pk__in=Member.objects.of(Organisation.objects.get(code="rocb-ap"), D(2024, 6, 30))
    )
    assert sorted(both.values_list("iso3", flat=True)) == [
        "AUS",
        "FJI",
        "NZL",
        "PLW",
        "PNG",
        "SLB",
        "TLS",
        "TON",
        "VUT",
        "WSM",
    ]


@pytest.mark.django_db
def test_reference_data_loads_once(builtin):
    rows = Membership.objects.count()
    assert services.load_reference_data() == 0
    assert Membership.objects.count() == rows == 35 + 25
