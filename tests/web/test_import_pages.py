"""Importing a plan from its document on the web: review beside the warnings, draft, confirm."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from stratmon.accounts.models import Role
from stratmon.plans.models import Plan
from tests.conftest import make_user

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[1] / "planfiles" / "documents" / "seeds"
DOC = (
    "# Regional Action Plan 2024-2026\n\n"
    "This plan applies from July 2024 to June 2026.\n\n"
    "## 1. Trade facilitation\n\n"
    "\tAction\tKPI\tTarget\tDeadline\n"
    "a)\tRun a time release workshop\tWorkshops held\tAt least once a year\t30 June 2026\n"
    "\tHelp Members join the RKC\tNumber of Members\tSomething vague\t30 June 2026\n"
)


def upload(client, content=DOC, name="plan.txt", **data):
    document = SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)
    return client.post("/plans/import/", {"document": document, "org": "rocb-ap", **data})


def test_the_upload_form_offers_only_the_officers_organisation(
    client, builtin, secretariat_officer, django_assert_num_queries
):
    client.force_login(secretariat_officer)
    # session and user with its role; the organisations it imports for
    # + 1: the navigation's count of submissions waiting (or to act on)
    with django_assert_num_queries(2 + 1 + 1):
        html = client.get("/plans/import/").content.decode()
    select = html.split('<select name="org">')[1].split("</select>")[0]
    assert '<option value="rocb-ap" selected>ROCB A/P</option>' in select
    assert "oco" not in select
    refused = upload(client, org="oco").content.decode()
    assert "You cannot import plans for the organisation &#x27;oco&#x27;." in refused


def test_visitors_are_sent_to_sign_in_and_focal_points_are_refused(client, builtin, focal_point):
    assert client.get("/plans/import/").status_code == 302
    client.force_login(focal_point)
    assert client.get("/plans/import/").status_code == 403
    assert upload(client).status_code == 403
    assert client.post("/plans/import/save/", {"plan_file": "x"}).status_code == 403


def test_the_secretariat_sees_the_parsed_plan_beside_the_warnings(
    client, builtin, secretariat_officer
):
    client.force_login(secretariat_officer)
    html = upload(client, code="regional-2024").content.decode()
    assert (
        '<p id="import-counts">1 pillar, 2 actions, 2 KPIs; <strong>1 target not understood' in html
    )
    warnings = html.split('id="import-warnings">')[1].split("</ol>")[0]
    assert "unlabelled row read as action &#x27;b)&#x27;" in warnings
    assert "count &gt;= 1 every 12 months" in html
    assert "not understood: kept verbatim" in html
    assert "code: regional-2024" in html  # the plan file, ready to edit
    assert not Plan.objects.filter(code="regional-2024").exists()  # nothing saved yet


def test_the_rocb_seed_reads_as_54_actions(client, builtin, secretariat_officer):
    client.force_login(secretariat_officer)
    content = (SEEDS / "000_27e754f7ca29de2a.txt").read_bytes()
    html = upload(client, content, name="rocb.txt", code="rocb-copy").content.decode()
    assert '<p id="import-counts">4 pillars, 54 actions, 60 KPIs</p>' in html
    assert "label &#x27;I)&#x27; read as &#x27;l)&#x27; (OCR slip)" in html


def test_the_oco_seed_counts_its_priorities(client, builtin):
    client.force_login(make_user("oco-officer", Role.Kind.SECRETARIAT_OFFICER, org="oco"))
    content = (SEEDS / "004_86da4bd1b27ef5ba.txt").read_bytes()
    html = upload(client, content, name="oco.txt", org="oco", code="oco-copy").content.decode()
    assert '<p id="import-counts">6 priorities, 80 actions, 80 KPIs</p>' in html


def test_saving_makes_a_draft_that_only_the_secretariat_sees_until_confirmed(
    client, builtin, secretariat_officer, focal_point
):
    client.force_login(secretariat_officer)
    html = upload(client, code="regional-2024").content.decode()
    plan_file = html.split('name="plan_file" rows="22" spellcheck="false">')[1].split(
        "</textarea>"
    )[0]
    import html as html_lib

    response = client.post(
        "/plans/import/save/", {"plan_file": html_lib.unescape(plan_file), "filename": "plan.txt"}
    )
    assert response.status_code == 302
    plan = Plan.objects.get(code="regional-2024")
    assert plan.status == "draft" and plan.actions.count() == 2
    page = client.get("/plans/regional-2024/").content.decode()
    assert "Saved as a draft: regional-2024: created (1 pillar, 2 actions, 2 KPIs)" in page
    assert "Confirm the plan" in page
    client.force_login(focal_point)
    assert client.get("/plans/regional-2024/").status_code == 404
    assert client.post("/plans/regional-2024/confirm/").status_code == 404  # not there for it
    client.force_login(secretariat_officer)
    assert client.post("/plans/regional-2024/confirm/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == "active"
    client.force_login(focal_point)
    assert client.get("/plans/regional-2024/").status_code == 200


def test_an_edited_plan_file_with_a_mistake_is_refused_naming_the_place(
    client, builtin, secretariat_officer
):
    client.force_login(secretariat_officer)
    bad = DOC_YAML.replace("deadline: 2026-06-30", "deadline: 30 Juen 2026", 1)
    response = client.post("/plans/import/save/", {"plan_file": bad, "filename": "plan.txt"})
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "plan.txt: pillars[0].actions[0].kpis[0].deadline: not a date: &#x27;30 Juen 2026&#x27;"
        in html
    )
    assert "30 Juen 2026" in html.split("<textarea")[1]  # the reviewer's text is kept
    assert not Plan.objects.filter(code="regional-2024").exists()


def test_a_draft_never_overwrites_a_plan_in_use(client, builtin, secretariat_officer):
    # given a plan file whose code is the ROCB plan's, in use
    client.force_login(secretariat_officer)
    clash = DOC_YAML.replace("code: regional-2024", "code: rocb-ap-sap-2022-2024")

    # when it is saved
    response = client.post("/plans/import/save/", {"plan_file": clash})

    # then it is the plan's version 2, a draft, and version 1 stays in use as it was
    assert response.status_code == 302
    assert response["Location"] == "/plans/rocb-ap-sap-2022-2024/v2/"
    versions = Plan.objects.filter(code="rocb-ap-sap-2022-2024").order_by("version")
    assert [(p.version, p.status, p.actions.count()) for p in versions] == [
        (1, "active", 54),
        (2, "draft", 1),
    ]
    html = client.get("/plans/rocb-ap-sap-2022-2024/").content.decode()
    assert html.count('<article class="action"') == 54
    assert 'id="waiting-version"' in html


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x00\x01\x02", "plan.txt: a binary file (NUL bytes), not a text document"),
        (b"", "plan.txt: the document is empty"),
        (b"\xff\xfe bad", "plan.txt: not a UTF-8 text file"),
    ],
)
def test_a_bad_upload_says_what_is_wrong(client, builtin, secretariat_officer, content, message):
    client.force_login(secretariat_officer)
    html = upload(client, content).content.decode()
    assert message in html.split('id="import-error">')[1]
    assert Plan.objects.count() == 2


DOC_YAML = """\
stratmon_plan: 1
code: regional-2024
organisation: rocb-ap
title: Regional Action Plan 2024-2026
period: {start: 2024-07-01, end: 2026-06-30}
year_start_month: 7
pillars:
  - code: "1"
    title: Trade facilitation
    actions:
      - code: 1.a
        text: Run a time release workshop
        kpis:
          - {code: 1.a, text: Workshops held, target: At least once a year, deadline: 2026-06-30}
"""


def review(client, **data) -> tuple[str, str]:
    """Upload DOC; (the plan file as read, the plan file box's hidden 'as read' copy)."""
    import html as html_lib

    page = upload(client, code="regional-2024", **data).content.decode()
    as_read = page.split('name="as_read" value="')[1].split('"')[0]
    plan_file = page.split('spellcheck="false">')[1].split("</textarea>")[0]
    return html_lib.unescape(plan_file), html_lib.unescape(as_read)


def parsed(html: str) -> str:
    return html.split('aria-label="The plan as read">')[1].split("</section>")[0]


def test_a_refused_save_keeps_the_plan_as_read_beside_the_error(
    client, builtin, secretariat_officer
):
    # given a reviewer who breaks the plan file while correcting it
    client.force_login(secretariat_officer)
    plan_file, as_read = review(client)
    broken = plan_file.replace("deadline: 2026-06-30", "deadline: 30 Juen 2026", 1)

    # when saving is refused
    response = client.post(
        "/plans/import/save/",
        {"plan_file": broken, "as_read": as_read, "filename": "plan.txt", "shape": "table"},
    )

    # then the error, the edited text and the plan as read are all on the page
    assert response.status_code == 400
    html = response.content.decode()
    assert "not a date: &#x27;30 Juen 2026&#x27;" in html.split('id="import-error">')[1]
    assert "30 Juen 2026" in html.split("<textarea")[1]
    assert "Run a time release workshop" in parsed(html)
    assert '<p id="import-counts">1 pillar, 2 actions, 2 KPIs' in parsed(html)
    assert 'id="shown-as-read"' in html
    # and the next attempt still carries the plan as read
    assert html.count('name="as_read"') == 1 and "regional-2024" in html.split('name="as_read"')[1]


def test_a_refused_save_of_a_readable_plan_file_shows_it_as_edited(
    client, builtin, secretariat_officer
):
    # given a plan file edited to a readable plan that cannot be saved (another organisation)
    client.force_login(secretariat_officer)
    plan_file, as_read = review(client)
    edited = plan_file.replace("organisation: rocb-ap", "organisation: nobody").replace(
        "Run a time release workshop", "Run two time release workshops"
    )

    # when saving is refused
    response = client.post("/plans/import/save/", {"plan_file": edited, "as_read": as_read})

    # then the page shows the plan as edited beside the error
    html = response.content.decode()
    assert response.status_code == 400
    assert "you cannot save a plan of &#x27;nobody&#x27;" in html
    assert "Run two time release workshops" in parsed(html)
    assert 'id="shown-as-read"' not in html
