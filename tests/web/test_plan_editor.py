"""The plan editor's pages: the tree of forms, each edit, the live readings, the errors."""

import pytest
from django.http import QueryDict

from stratmon.history.models import Change
from stratmon.plans.models import KPI, Action, Plan
from tests.web.costs import (
    DATA_VERSION,
    EDITOR,
    EDITOR_LIVE,
    EDITOR_SUGGESTION,
    NAV_COUNT,
    SIGNED_IN,
)

pytestmark = pytest.mark.django_db
ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"
EDIT = f"/plans/{ROCB}/edit/"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def officer(client, builtin, secretariat_officer):
    client.force_login(secretariat_officer)
    return secretariat_officer


def post(client, op, **data):
    return client.post(f"{EDIT}{op}/", data)


def test_the_editor_shows_the_plan_as_a_tree_of_forms(client, officer):
    response = client.get(EDIT)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="action-1_a"' in html and 'id="kpi-1_a"' in html
    assert "Your first save makes a <strong>draft of version 2</strong>" in html
    assert "Edit the KPI" in html


def test_an_action_edit_saves_a_draft_and_redirects_to_its_anchor(client, officer):
    response = post(client, "action-edit", node="1.a", text="Promote the RKC", reference="")
    assert response.status_code == 302
    assert response["Location"] == f"{EDIT}#action-1_a"
    draft = Plan.objects.get(code=ROCB, status="draft")
    assert Action.objects.get(plan=draft, code="1.a").text == "Promote the RKC"
    html = client.get(EDIT).content.decode()
    assert "draft of version 2" in html and "Promote the RKC" in html


def test_a_kpi_form_opens_with_its_reading_measure_and_live_value(client, officer):
    html = client.get(EDIT + "?kpi=1.a").content.decode()
    assert 'id="kpi-1_a-form"' in html
    assert 'class="reading-kind">count' in html
    assert 'name="m-source"' in html and 'value="member_statuses" selected' in html
    assert 'id="live-kpi-1_a"' in html and "Value today:" in html
    assert 'id="kpi-1_a-reason"' in html  # a confirmed plan: a reason for promises


def test_the_htmx_kpi_form_is_a_fragment(client, officer):
    html = client.get(EDIT + "?kpi=1.a", HTTP_HX_REQUEST="true").content.decode()
    assert html.lstrip().startswith('<li class="editor-kpi" id="kpi-1_a">')


def test_the_target_reading_follows_the_typing(client, officer):
    html = client.get(EDIT + "target/", {"target": "At least twice per year"}).content.decode()
    assert "count" in html and "each plan year" in html
    html = client.get(EDIT + "target/", {"target": "something vague"}).content.decode()
    assert "Not understood" in html


def test_the_measure_editor_shows_only_the_source_filters(client, officer):
    html = client.get(EDIT + "measure/", {"node": "1.a", "m-source": "activities"}).content.decode()
    assert 'name="m-kinds"' in html and 'name="m-linked"' in html
    assert 'name="m-topic"' not in html and 'name="m-genders"' not in html
    assert "Value today:" in html


KPI_FORM = {
    "node": "1.a",
    "text": "Members implementing the RKC",
    "target": "At least 28/33 Members",
    "deadline": "2024-06-30",
    "m-source": "member_statuses",
    "m-topic": "rkc",
}


def test_a_target_change_needs_a_reason_and_saves_nothing_without(client, officer):
    response = post(client, "kpi-edit", **KPI_FORM)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say why" in html and "KPI 1.a: target" in html
    assert 'value="At least 28/33 Members"' in html  # kept as typed
    assert not Plan.objects.filter(code=ROCB, status="draft").exists()
    response = post(client, "kpi-edit", reason="Council decision", **KPI_FORM)
    assert response.status_code == 302
    kpi = KPI.objects.get(plan__status="draft", plan__code=ROCB, code="1.a")
    assert kpi.target_text == "At least 28/33 Members"
    entry = Change.objects.latest("pk")
    assert entry.reason == "Council decision"
    assert entry.details[f"{ROCB} v2"]["KPI 1.a: target"][1] == "At least 28/33 Members"
    edit = entry.details[f"{ROCB} v2"]["edit"][1]
    assert edit.startswith("KPI 1.a: ") and "target" in edit and "deadline" not in edit


def test_a_bad_measure_is_shown_beside_the_field(client, officer):
    response = post(client, "kpi-edit", **{**KPI_FORM, "m-topic": ""})
    assert response.status_code == 400
    assert "member_statuses needs &#x27;topic&#x27;" in response.content.decode()


def test_an_action_split_and_merge(client, officer):
    assert (
        post(
            client,
            "action-split",
            node="1.a",
            first="Promote the RKC",
            second="Run workshops on it",
            new_code="",
        ).status_code
        == 302
    )
    draft = Plan.objects.get(code=ROCB, status="draft")
    new = Action.objects.get(plan=draft, code="1.ll")
    assert new.text == "Run workshops on it"
    assert post(client, "action-merge", node="1.a", other="1.ll", confirm="yes").status_code == 302
    assert not Action.objects.filter(plan=draft, code="1.ll").exists()


def test_a_removal_needs_its_confirmation(client, officer):
    response = post(client, "action-remove", node="1.a")
    assert response.status_code == 400
    assert "tick the box" in response.content.decode()
    assert post(client, "action-remove", node="1.a", confirm="yes").status_code == 302


def test_an_unknown_operation_is_refused(client, officer):
    assert post(client, "action-explode", node="1.a").status_code == 400


def test_the_plan_page_links_to_the_editor(client, officer):
    assert f'href="{EDIT}"' in client.get(f"/plans/{ROCB}/").content.decode()


def test_the_editor_costs_a_fixed_number_of_queries(client, officer, django_assert_num_queries):
    page = SIGNED_IN + DATA_VERSION + NAV_COUNT + EDITOR
    with django_assert_num_queries(page):
        client.get(EDIT)
    # the plan is then kept; an open KPI form adds its live value (a Member-status level) and
    # its suggested measure
    with django_assert_num_queries(page - 1 + EDITOR_LIVE + 2 + EDITOR_SUGGESTION):
        client.get(EDIT + "?kpi=1.a")
    # the live endpoints: the plan (kept), the draft; the target alone reads nothing more
    with django_assert_num_queries(SIGNED_IN + DATA_VERSION + NAV_COUNT + 1):
        client.get(EDIT + "target/", {"target": "Once a year"})
    # the measure editor: the topics, then the live value (an activity count: one)
    with django_assert_num_queries(SIGNED_IN + DATA_VERSION + NAV_COUNT + 1 + 1 + EDITOR_LIVE + 1):
        client.get(EDIT + "measure/", {"node": "1.a", "m-source": "activities"})


def test_a_text_change_with_the_measure_as_shown_needs_no_reason(client, officer):
    from stratmon.plans.services.tree import export_plan
    from stratmon.web.editor.page import _put_measure

    kpi = next(k for k in export_plan(Plan.objects.get(code=ROCB)).kpis() if k.code == "1.z")
    form = {"node": "1.z", "text": "Renamed", "target": kpi.target, "deadline": kpi.deadline}
    posted = QueryDict(mutable=True)
    posted.update(form)
    _put_measure(posted, kpi)
    assert client.post(f"{EDIT}kpi-edit/", posted.urlencode(), content_type=FORM).status_code == 302
    draft = KPI.objects.get(plan__status="draft", code="1.z")
    assert draft.text == "Renamed" and draft.measure == kpi.measure.to_data()


def test_with_htmx_a_refused_edit_answers_200_with_the_message(client, officer):
    response = client.post(f"{EDIT}kpi-remove/", {"node": "1.a"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "tick the box" in response.content.decode()


def test_without_javascript_the_source_chosen_shows_its_filters(client, officer):
    html = client.get(EDIT, {**KPI_FORM, "m-source": "outputs", "refresh": "1"}).content.decode()
    assert 'name="m-kinds"' in html and 'name="m-topic"' not in html
    assert 'value="At least 28/33 Members"' in html
    # The KPI as typed still counts Members on the RKC: StratMon suggests that, to use or not.
    assert 'id="suggestion-kpi-1_a"' in html and 'name="use_suggestion"' in html


def test_a_draft_plan_needs_no_reason_and_its_page_links_to_the_editor(client, builtin, superuser):
    from stratmon.plans import services
    from stratmon.plans.services.tree import export_plan

    doc = export_plan(Plan.objects.get(code=OCO))
    Plan.objects.filter(code=OCO).delete()
    services.save_draft(doc)
    client.force_login(superuser)
    assert 'id="edit-plan"' in client.get(f"/plans/{OCO}/").content.decode()
    html = client.get(f"/plans/{OCO}/edit/?kpi=3.1.1.n").content.decode()
    assert "editing a <strong>draft</strong> plan" in html and "-reason" not in html
    data = {
        "node": "3.1.1.n",
        "text": "x",
        "target": "At least 5 Members",
        "deadline": "2027-06-30",
    }
    assert client.post(f"/plans/{OCO}/edit/kpi-edit/", data).status_code == 302
    assert KPI.objects.get(plan__code=OCO, code="3.1.1.n").measure == {}


def test_an_action_opens_its_tools_on_request(client, officer):
    closed = client.get(EDIT).content.decode()
    assert 'id="edit-action-1_a"' in closed and 'id="action-1_a-first"' not in closed
    html = client.get(EDIT + "?action=1.a").content.decode()
    assert 'id="action-1_a-first"' in html and "Merge with 1.b" in html
    fragment = client.get(EDIT + "?action=1.a", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<li class="editor-action" id="action-1_a">')


def test_a_refused_split_shows_the_action_tools_with_the_message(client, officer):
    response = post(client, "action-split", node="1.a", first="Promote the RKC", second=" ")
    assert response.status_code == 400
    html = response.content.decode()
    assert "each part of a split needs some text" in html and 'id="action-1_a-first"' in html


def test_the_confirm_form_offers_the_reasons_given_and_confirms_with_them(client, officer):
    assert post(client, "kpi-edit", reason="Council decision", **KPI_FORM).status_code == 302
    page = client.get(f"/plans/{ROCB}/v2/").content.decode()
    assert 'id="confirm-reason" name="reason" rows="2">Council decision</textarea>' in page
    assert 'id="edit-plan"' in page
    # the plan in use says a draft waits, with a way back to the editor
    assert 'id="waiting-edit"' in client.get(f"/plans/{ROCB}/").content.decode()
    assert client.post(f"/plans/{ROCB}/confirm/", {"reason": ""}).status_code == 302
    assert Plan.objects.get(code=ROCB, version=2).status == "active"
    assert Change.objects.latest("pk").reason == "Council decision"


def test_each_control_names_its_node(client, officer):
    html = client.get(EDIT).content.decode()
    assert 'aria-label="Move Pillar 1 up"' in html
    assert 'aria-label="Move action 1.a down"' in html and 'aria-label="Move KPI 1.a up"' in html


def test_use_it_puts_the_suggested_measure_in_the_form_unsaved(client, officer):
    """The suggestion follows the words as typed; "Use it" fills the measure, saves nothing."""
    typed = {**KPI_FORM, "text": "Number of Members with a Time Release Study", "m-source": ""}
    typed.pop("m-topic")
    html = client.get(EDIT, {**typed, "refresh": "1"}).content.decode()
    assert "Suggested measure" in html and "Time Release Study" in html
    used = client.get(EDIT, {**typed, "use_suggestion": "1"}).content.decode()
    assert '<option value="member_statuses" selected>' in used
    assert '<option value="trs" selected>' in used
    assert "This is the measure StratMon suggests" in used
    assert not Plan.objects.filter(code=ROCB, status="draft").exists()
    fragment = client.get(EDIT, {**typed, "use_suggestion": "1"}, HTTP_HX_REQUEST="true")
    assert fragment.content.decode().startswith('<li class="editor-kpi" id="kpi-1_a">')


def test_an_empty_status_list_says_what_it_counts(client, officer):
    html = client.get(EDIT + "measure/", {"node": "1.a", "m-source": "member_statuses"})
    assert "Statuses (none ticked: achieved only)" in html.content.decode()
    html = client.get(EDIT + "measure/", {"node": "1.a", "m-source": "activities"})
    text = html.content.decode()
    assert "Statuses (none ticked: held only)" in text and "Kinds (none ticked: all)" in text
