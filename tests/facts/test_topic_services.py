"""Topics as data: adding one, editing its names, merging one into another."""

import datetime

import pytest

from stratmon.facts.models import Expert, MemberStatus, Topic, TopicAlias
from stratmon.facts.records import save_records
from stratmon.facts.services import load_topics
from stratmon.facts.topics import (
    TopicError,
    create_topic,
    merge_preview,
    merge_topics,
    resolve_code,
    update_topic,
)
from stratmon.history.models import Change
from stratmon.planfiles.schema import parse_plan_text
from stratmon.plans import services
from stratmon.plans.models import KPI, Plan

pytestmark = pytest.mark.django_db
ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"


def statuses(topic, *rows):
    items = [
        {"id": f"ST-{topic}-{iso3}-{day}", "member": iso3, "topic": topic, "status": s,
         "effective": day}
        for iso3, s, day in rows
    ]  # fmt: skip
    save_records({"member_statuses": items}, user=None, via="test")


def test_a_topic_is_added_with_its_synonyms_cleaned_and_in_the_history(builtin):
    topic = create_topic(
        "green-customs",
        "  Green   Customs ",
        synonyms=["Green customs", "eco customs", "ECO Customs", " ", "Environment"],
        description="  Sustainable procedures ",
        via="test",
    )
    assert topic.name == "Green Customs"
    # the name itself and a repeat in another case are left out; the first spelling stays
    assert topic.synonyms == ["eco customs", "Environment"]
    assert topic.description == "Sustainable procedures"
    change = Change.objects.get(model="topic", verb="created")
    assert change.refs == ["green-customs"]
    assert change.details["green-customs"]["synonyms"] == ["eco customs", "Environment"]


@pytest.mark.parametrize(
    ("code", "name", "synonyms", "field", "words"),
    [
        ("", "X", [], "code", "required"),
        ("Green Customs", "X", [], "code", "lower-case"),
        ("a" * 41, "X", [], "code", "at most 40"),
        ("rkc", "X", [], "code", "exists already"),
        ("green", "", [], "name", "required"),
        ("green", "Time Release Study", [], "name", "'trs'"),
        ("green", "Green", ["Kyoto Convention"], "synonyms", "'rkc'"),
        ("green", "Green", ["RKC"], "synonyms", "'rkc'"),
        ("green", "Green", ["x" * 201], "synonyms", "at most 200"),
    ],
)
def test_a_bad_topic_is_refused_naming_the_field_and_nothing_is_saved(
    builtin, code, name, synonyms, field, words
):
    before = Topic.objects.count()
    with pytest.raises(TopicError) as caught:
        create_topic(code, name, synonyms=synonyms)
    assert caught.value.field == field and words in caught.value.problem
    assert Topic.objects.count() == before
    assert not Change.objects.filter(model="topic").exists()


def test_editing_a_topic_records_what_changed_and_refuses_another_topic_s_synonym(builtin):
    trs = Topic.objects.get(code="trs")
    assert update_topic(
        trs, name=trs.name, synonyms=["TRS", "release time"], description="", via="test"
    )
    change = Change.objects.get(model="topic", verb="updated")
    assert change.details["trs"]["synonyms"][1] == ["TRS", "release time"]
    # its own code, name and synonyms may stay; another topic's may not
    assert not update_topic(trs, name=trs.name, synonyms=["TRS", "release time"], description="")
    with pytest.raises(TopicError) as caught:
        update_topic(trs, name=trs.name, synonyms=["Revised Kyoto Convention"], description="")
    assert caught.value.field == "synonyms"
    assert Topic.objects.get(code="trs").synonyms[-1] == "release time"


def test_a_merge_moves_statuses_measures_and_submissions_and_says_so(builtin, focal_point):
    from stratmon.submissions import services as submissions

    kyoto = create_topic("kyoto", "Kyoto accession", via="test")
    statuses("rkc", ("FJI", "achieved", "2023-01-01"), ("JPN", "achieved", "2022-05-01"))
    statuses("kyoto", ("FJI", "in_progress", "2023-01-01"), ("AUS", "planned", "2023-02-01"))
    draft = submissions.save_draft(
        focal_point,
        focal_point.role.member,
        "status",
        {"member_statuses": [{"topic": "rkc", "status": "achieved", "effective": "2026-01-05"}]},
    )
    expert = Expert.objects.create(ref="EXP-1", name="A. Expert")
    expert.expertise.add(Topic.objects.get(code="rkc"))
    rkc = Topic.objects.get(code="rkc")

    preview = merge_preview(kyoto, rkc)
    done = merge_topics(kyoto, rkc, via="test", reason="one convention, two topics")

    assert done == preview
    assert (done.statuses, done.dropped, done.kpis, done.plans) == (1, 1, 2, (OCO, ROCB))
    assert done.summary().startswith("1 status, 2 KPIs in 2 plans, 1 submission, 1 expert; ")
    assert not Topic.objects.filter(code="rkc").exists()
    kept = Topic.objects.get(code="kyoto")
    # the kept topic's status of the same day stays
    assert set(kept.statuses.values_list("member__iso3", "status")) == {
        ("FJI", "in_progress"),
        ("JPN", "achieved"),
        ("AUS", "planned"),
    }
    # the merged name, code and synonyms, each once whatever its case
    assert kept.synonyms == [
        "Revised Kyoto Convention (contracting party)",
        "rkc",
        "Revised Kyoto Convention",
        "Kyoto Convention",
    ]
    measures = KPI.objects.filter(measure__topic="kyoto").values_list("plan__code", flat=True)
    assert sorted(measures) == [OCO, ROCB]
    assert not KPI.objects.filter(measure__topic="rkc").exists()
    draft.refresh_from_db()
    assert draft.topic == kept and draft.rows["member_statuses"][0]["topic"] == "kyoto"
    assert list(expert.expertise.values_list("code", flat=True)) == ["kyoto"]
    assert resolve_code("rkc") == kept
    # every step is in the history, with the reason
    entries = Change.objects.filter(reason="one convention, two topics")
    assert {(c.model, c.verb) for c in entries} >= {
        ("memberstatus", "deleted"),
        ("memberstatus", "updated"),
        ("kpi", "updated"),
        ("submission", "updated"),
        ("expert", "updated"),
        ("topicalias", "created"),
        ("topic", "updated"),
        ("topic", "deleted"),
    }


def test_a_merge_needs_a_reason_and_two_topics(builtin):
    rkc, trs = Topic.objects.get(code="rkc"), Topic.objects.get(code="trs")
    with pytest.raises(TopicError) as caught:
        merge_topics(rkc, trs, reason="  ")
    assert caught.value.field == "reason"
    with pytest.raises(TopicError) as caught:
        merge_topics(rkc, rkc, reason="why not")
    assert caught.value.field == "keep"
    assert Topic.objects.filter(code="trs").exists()


def test_a_plan_file_naming_a_merged_topic_still_loads_unchanged(builtin):
    kyoto = create_topic("kyoto", "Kyoto accession")
    merge_topics(kyoto, Topic.objects.get(code="rkc"), reason="duplicate")
    # the shipped files still say `topic: rkc`: loading them again changes nothing
    results = services.load_builtin_plans()
    assert all(r.changes == 0 for r in results), [r.summary() for r in results]
    assert KPI.objects.filter(plan__code=ROCB, measure__topic="kyoto").count() == 1


def test_a_second_merge_carries_the_first_one_s_alias_along(builtin):
    a = create_topic("kyoto", "Kyoto accession")
    b = create_topic("kyoto-2", "Kyoto accession two")
    merge_topics(a, Topic.objects.get(code="rkc"), reason="duplicate")
    merge_topics(b, Topic.objects.get(code="kyoto"), reason="duplicate again")
    assert dict(TopicAlias.objects.values_list("code", "topic__code")) == {
        "rkc": "kyoto-2",
        "kyoto": "kyoto-2",
    }
    name, text = services.builtin_plan_files()[-1]
    assert "topic: rkc" in text
    doc = parse_plan_text(text, name)
    assert services.load_plan(doc, confirm=True, via="").changes == 0


def test_loading_the_builtin_topics_does_not_bring_a_merged_one_back(builtin):
    merge_topics(Topic.objects.get(code="rkc"), Topic.objects.get(code="trs"), reason="test")
    assert load_topics() == 0
    assert not Topic.objects.filter(code="trs").exists()
    assert create_topic("fresh", "Fresh").code == "fresh"
    with pytest.raises(TopicError, match="merged into 'rkc'"):
        create_topic("trs", "Something else")


def test_the_kept_topic_s_statuses_count_at_once_on_the_merged_topic_s_kpis(builtin):
    from stratmon.kpis.live import plan_evaluations

    plan = Plan.objects.current().get(code=ROCB)
    as_of = datetime.date(2024, 6, 30)
    kyoto = create_topic("kyoto", "Kyoto accession")
    statuses("kyoto", ("FJI", "achieved", "2023-01-01"), ("JPN", "achieved", "2023-01-01"))
    before = {e.kpi.code: e.result.actual for e in plan_evaluations(plan, as_of)}
    merge_topics(kyoto, Topic.objects.get(code="rkc"), reason="duplicate")
    # from the cache, filled before the merge: the data version changed with it
    after = {e.kpi.code: e.result.actual for e in plan_evaluations(plan, as_of)}
    rkc_kpi = KPI.objects.get(plan=plan, measure__topic="kyoto").code
    assert after[rkc_kpi] == (before[rkc_kpi] or 0) + 2
    assert MemberStatus.objects.filter(topic=kyoto).count() == 2


def test_the_admin_shows_topics_but_writes_none(admin_client, builtin):
    rkc = Topic.objects.get(code="rkc")
    assert admin_client.get("/admin/facts/topic/").status_code == 200
    assert admin_client.get(f"/admin/facts/topic/{rkc.pk}/change/").status_code == 200
    assert admin_client.get("/admin/facts/topic/add/").status_code == 403
    response = admin_client.post(f"/admin/facts/topic/{rkc.pk}/change/", {"name": "x"})
    assert response.status_code == 403
    assert (
        admin_client.post(f"/admin/facts/topic/{rkc.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Topic.objects.get(code="rkc").name == rkc.name


def test_records_naming_a_merged_topic_count_for_the_topic_it_went_into(builtin):
    kyoto = create_topic("kyoto", "Kyoto accession")
    merge_topics(kyoto, Topic.objects.get(code="rkc"), reason="duplicate")
    # a workbook or a focal point's form written before the merge still says `rkc`
    statuses("rkc", ("FJI", "achieved", "2023-03-01"))
    saved = MemberStatus.objects.get(member__iso3="FJI", effective="2023-03-01")
    assert saved.topic == kyoto
