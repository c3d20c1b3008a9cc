"""Plan versions on the web: states in the lists, the diff before confirming, old versions."""

import pytest

from stratmon.history.models import Change
from stratmon.plans.models import Plan
from tests.web.costs import HOME, SIGNED_IN, glance

from .test_import_pages import DOC, DOC_YAML, upload

pytestmark = pytest.mark.django_db
ROCB = "rocb-ap-sap-2022-2024"


def test_the_plan_list_tells_plans_apart_and_says_ended(
    client, builtin, viewer, django_assert_num_queries
):
    client.force_login(viewer)
    # The viewer's home: its organisation's plans (tests/web/test_home.py)
    with django_assert_num_queries(SIGNED_IN + HOME + glance(ROCB)):
        html = client.get("/").content.decode()
    row = html.split(f"{ROCB} · version 1")[1].split("</tr>")[0]
    assert "1 Jul 2022 – 30 Jun 2024" in row
    assert '<span class="badge badge-ended">ended</span>' in row


def test_the_plan_page_says_ended_after_the_end_and_active_before(client, builtin, viewer):
    client.force_login(viewer)
    html = client.get(f"/plans/{ROCB}/").content.decode()
    assert 'id="plan-state">ended</span> on 30 June 2024' in html
    html = client.get(f"/plans/{ROCB}/?as_of=2023-06-30").content.decode()
    assert 'id="plan-state">active</span>' in html


def test_reimporting_a_plan_in_use_shows_the_diff_then_confirm_supersedes_it(
    client, builtin, secretariat_officer, focal_point
):
    client.force_login(secretariat_officer)
    # given a document read with the code of the plan in use
    html = upload(client, DOC, code=ROCB).content.decode()

    # then the review page says it will be version 2 and shows what changes
    assert 'id="new-version"' in html and "Saving makes version 2 as a draft" in html
    diff = html.split('id="version-diff"')[1].split("</section>")[0]
    assert "Changes from version 1 in use" in diff
    assert 'removed</span> action <span class="code">1.c</span>' in diff

    # when it is saved, version 2 waits as a draft with its diff and a confirm button
    response = client.post("/plans/import/save/", {"plan_file": DOC_YAML.replace(
        "code: regional-2024", f"code: {ROCB}"), "filename": "plan.txt"})  # fmt: skip
    assert response["Location"] == f"/plans/{ROCB}/v2/"
    draft = client.get(f"/plans/{ROCB}/v2/").content.decode()
    assert "Confirm the plan" in draft and 'id="version-diff"' in draft
    assert "It then supersedes version 1" in draft
    client.force_login(focal_point)
    assert client.get(f"/plans/{ROCB}/v2/").status_code == 404
    assert client.get(f"/plans/{ROCB}/").status_code == 200  # version 1, still in use
    client.force_login(secretariat_officer)

    # KPI 1.a's target changes: confirming asks why, and without a reason nothing happens
    assert 'id="confirm-reason"' in draft and "KPI 1.a: target" in draft
    refused = client.post(f"/plans/{ROCB}/confirm/", follow=True).content.decode()
    assert "Say why: this version changes what the plan promised (KPI 1.a: target" in refused
    assert Plan.objects.get(code=ROCB, version=2).status == "draft"

    # when it is confirmed, with the reason
    reason = "Mid-term review: targets aligned with the WCO Strategic Plan"
    assert client.post(f"/plans/{ROCB}/confirm/", {"reason": reason}).status_code == 302

    # then the code opens version 2, and version 1 stays readable, marked superseded
    current = client.get(f"/plans/{ROCB}/").content.decode()
    assert "version 2" in current and current.count('<article class="action"') == 1
    old = client.get(f"/plans/{ROCB}/v1/").content.decode()
    assert 'id="superseded"' in old and "superseded by" in old
    assert old.count('<article class="action"') == 54
    versions = Plan.objects.filter(code=ROCB).order_by("version")
    assert [(p.version, p.superseded_by_id) for p in versions] == [(1, versions[1].pk), (2, None)]
    # and the import and the confirmation are in the change history, by the officer
    imported, confirmed = Change.objects.filter(model="plan").order_by("pk")
    assert (imported.via, imported.user, imported.verb) == ("web", secretariat_officer, "created")
    assert f"{ROCB} v2 — event: import" in imported.lines()
    assert (confirmed.via, confirmed.user, confirmed.verb) == (
        "web",
        secretariat_officer,
        "updated",
    )
    assert f"{ROCB} v2 — event: (blank) → confirm" in confirmed.lines()
