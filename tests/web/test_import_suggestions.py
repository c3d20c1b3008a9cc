"""Suggested measures on the import review: shown in words with reason and fit, accepted or
dropped when the draft is saved; the KPI page says when a measure is only suggested."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stratmon.plans.models import KPI, Plan

pytestmark = pytest.mark.django_db
DOCUMENT = Path(__file__).resolve().parents[1] / "planfiles" / "documents" / "markdown_table.md"


def review(client, code="wrco-test"):
    document = SimpleUploadedFile("wrco.md", DOCUMENT.read_bytes())
    response = client.post("/plans/import/", {"document": document, "org": "rocb-ap", "code": code})
    assert response.status_code == 200
    return response


def save(client, response, accept, plan_file=None):
    data = {
        "plan_file": plan_file or response.context["plan_file"],
        "as_read": response.context["as_read"],
        "filename": "wrco.md",
        "suggestions": "1",
        "accept": accept,
    }
    return client.post("/plans/import/save/", data)


def test_the_review_shows_each_suggested_measure_with_its_reason_and_fit(
    client, builtin, secretariat_officer
):
    client.force_login(secretariat_officer)
    response = review(client)
    html = response.content.decode()
    assert "StratMon suggests a measure for 5 KPIs" in html
    officers = html.split('id="measure-1.a">')[1].split("</td>")[0]
    assert "Participations in held activities linked to this action" in officers
    assert "Good fit" in officers and "&#x27;Officers trained&#x27; and a count target" in officers
    assert 'value="1.a" form="import-save" checked' in officers
    service = html.split('id="measure-2.a">')[1].split("</td>")[0]
    assert "Nothing fits well: a milestone" in service
    assert 'value="2.a" form="import-save">' in service  # not ticked
    assert "suggested: " in response.context["plan_file"]
    assert 'src="/static/web/import_review.js"' in html
    assert not Plan.objects.filter(code="wrco-test").exists()


def test_saving_keeps_the_ticked_measures_as_accepted_and_drops_the_others(
    client, builtin, secretariat_officer
):
    client.force_login(secretariat_officer)
    response = review(client)
    saved = save(client, response, ["1.a", "3.a"])
    assert saved.status_code == 302, saved.content[:500]
    kpis = {k.code: k for k in KPI.objects.filter(action__pillar__plan__code="wrco-test")}
    assert kpis["1.a"].measure == {"source": "participations", "linked": True}
    assert kpis["3.a"].measure["aggregate"] == "share"
    assert all(k.measure_suggested == "" for k in kpis.values())
    assert kpis["1.b"].measure is None or kpis["1.b"].measure == {}
    assert not kpis["2.a"].measure


def test_a_suggested_measure_rewritten_in_the_plan_file_is_the_persons(
    client, builtin, secretariat_officer
):
    client.force_login(secretariat_officer)
    response = review(client)
    text = response.context["plan_file"]
    start = text.index("code: 3.b")
    edited = text[:start] + text[start:].replace(
        "kinds: [report]", "kinds: [newsletter_article]", 1
    )
    assert save(client, response, [], plan_file=edited).status_code == 302
    kpi = KPI.objects.get(action__pillar__plan__code="wrco-test", code="3.b")
    assert kpi.measure == {"source": "outputs", "kinds": ["newsletter_article"]}
    assert kpi.measure_suggested == ""


def test_the_kpi_page_says_when_a_measure_is_only_suggested(client, builtin, viewer):
    kpi = KPI.objects.get(action__pillar__plan__code="rocb-ap-sap-2022-2024", code="1.k")
    kpi.measure_suggested = "'Number of Members' and a Member count target → Members …"
    kpi.save(update_fields=["measure_suggested"])
    client.force_login(viewer)
    html = client.get("/plans/rocb-ap-sap-2022-2024/kpis/1.k/").content.decode()
    assert "Suggested by StratMon, not yet accepted:" in html
    assert "&#x27;Number of Members&#x27; and a Member count target" in html
    other = client.get("/plans/rocb-ap-sap-2022-2024/kpis/1.g/").content.decode()
    assert "Suggested by StratMon" not in other


def test_a_refused_save_keeps_the_reviewers_ticks(client, builtin, secretariat_officer):
    client.force_login(secretariat_officer)
    response = review(client)
    broken = response.context["plan_file"].replace("deadline: 2027-06-30", "deadline: soon", 1)
    refused = save(client, response, ["2.a"], plan_file=broken)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert 'value="2.a" form="import-save" checked' in html
    assert 'value="1.a" form="import-save">' in html
    assert not Plan.objects.filter(code="wrco-test").exists()


def test_the_rocb_document_gets_its_measures_suggested_in_the_organisations_words(
    client, builtin, secretariat_officer
):
    client.force_login(secretariat_officer)
    seed = DOCUMENT.parent / "seeds" / "000_27e754f7ca29de2a.txt"
    document = SimpleUploadedFile("rocb.txt", seed.read_bytes())
    response = client.post("/plans/import/", {"document": document, "code": "rocb-copy"})
    html = response.content.decode()
    assert "StratMon suggests a measure for 60 KPIs" in html
    trs = html.split('id="measure-1.k">')[1].split("</td>")[0]
    assert "Members of ROCB A/P whose status on “Time Release Study undertaken” is achieved" in trs
    assert html.count('form="import-save" checked') == 59  # 1.i.2 is only the closest


def test_reading_a_document_with_suggestions_costs_a_fixed_number_of_queries(
    client, builtin, secretariat_officer, django_assert_num_queries
):
    client.force_login(secretariat_officer)
    review(client)  # warm the caches
    # session, user with its role; the organisations; the topics (one query whatever the
    # KPIs); the plan in use under the code; + 1: the navigation's count of submissions
    with django_assert_num_queries(2 + 1 + 1 + 1 + 1):
        review(client)
