"""The authorisation matrix: every page × every role, the exact status, and no leak.

The cases are keyed by URL name and checked against the URL configuration, so a page added
without its row here fails `test_every_page_is_in_the_matrix`.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from tests.web.matrix_paths import (
    activity_of,
    desk_case,
    desk_request,
    evidence,
    expert_page,
    needs_round,
    profile_link,
    published,
    rocb_milestone,
    sent_by,
    step_of,
    story_of,
    survey_form,
    survey_link,
    survey_of,
    survey_results_of,
    viewer_token,
)

pytestmark = pytest.mark.django_db

ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"
ROCB_TITLE, OCO_TITLE = "ROCB A/P Strategic Action Plan 2022-2024", "OCO Strategic Plan 2022-2027"

ROLES = (
    "anonymous",
    "superuser",
    "secretariat_admin",  # of ROCB A/P, as the officer and the viewer
    "secretariat_officer",
    "focal_point",  # Fiji: a Member of WCO A/P and OCO
    "other_focal_point",  # the Cook Islands: a Member of OCO only
    "viewer",
    "other_viewer",  # of OCO
)
# What each role may read: the plans' titles, and the cast's user names (the superuser aside).
SEES_PLANS = {
    "superuser": {ROCB_TITLE, OCO_TITLE},
    "secretariat_admin": {ROCB_TITLE},
    "secretariat_officer": {ROCB_TITLE},
    "focal_point": {ROCB_TITLE, OCO_TITLE},
    "other_focal_point": {OCO_TITLE},
    "viewer": {ROCB_TITLE},
    "other_viewer": {OCO_TITLE},
}
USERNAMES = {
    "secretariat_admin": "sec-admin",
    "secretariat_officer": "sec-officer",
    "focal_point": "fp-fiji",
    "other_focal_point": "fp-cook-islands",
    "viewer": "viewer-rocb",
    "other_viewer": "viewer-oco",
}
SEES_USERS = {
    "superuser": set(USERNAMES),
    "secretariat_admin": {"secretariat_admin", "secretariat_officer", "focal_point", "viewer"},
    # who made a change, on the history pages: the users of its organisation; and who sent
    # what it reviews (Fiji's focal point)
    "secretariat_officer": {"secretariat_admin", "secretariat_officer", "viewer", "focal_point"},
}
# Member data in the change history (see the `changes` fixture), and who may see each.
FIJI_READERS = {*SEES_USERS["superuser"], "superuser"} - {"other_focal_point"}
OCO_SIDE = {"superuser", "other_focal_point", "other_viewer"}
MEMBER_DATA = {  # each record's note (a record page's own id is in its title)
    "note-MS-FIJI-DATA": FIJI_READERS,
    "note-MS-FIJI-BY-OCO": FIJI_READERS,
    "note-MS-COOK-DATA": OCO_SIDE,
    "note-MS-COOK-ONLY": OCO_SIDE,
    "oco-plan-change": OCO_SIDE | {"focal_point"},
}


def everyone(status):
    return dict.fromkeys(ROLES[1:], status)


def only(allowed, status, otherwise=403, **exceptions):
    found = {role: (status if role in allowed else otherwise) for role in ROLES[1:]}
    return {**found, **exceptions}


SECRETARIAT = ("superuser", "secretariat_admin", "secretariat_officer")
FOCAL_POINTS = ("focal_point", "other_focal_point")
ADMINS = ("superuser", "secretariat_admin")
ROCB_READERS = (*SECRETARIAT, "focal_point", "viewer")
OCO_READERS = ("superuser", "focal_point", "other_focal_point", "other_viewer")

SUPERUSER = ("superuser",)
# What is not its organisation's does not exist for the Secretariat (others get 403 first).
NOT_OURS = {"secretariat_admin": 404, "secretariat_officer": 404}
PUBLIC = everyone(200) | {"anonymous": 200}  # the pages a visitor needs to sign in
ROCB_CONFIRM = only(ROCB_READERS, 403, 404) | dict.fromkeys(SECRETARIAT, 302)
ROCB_ORG = (*SECRETARIAT, "viewer")  # an organisation's own records: not its focal points
# A plan's report: its organisation's readers; its focal points get their Member's only.
ROCB_REPORT = only(ROCB_ORG, 200, 404, focal_point=403)
OCO_REPORT = only(("superuser", "other_viewer"), 200, 404, focal_point=403, other_focal_point=403)


# Recording a milestone: the plan's Secretariat may; its other readers get 403; others 404.
ROCB_RECORD = only(ROCB_READERS, 403, 404) | dict.fromkeys(SECRETARIAT, 200)
OCO_RECORD = only(OCO_READERS, 403, 404, superuser=200)


# Downloads of the priorities of OCO, which has no needs round in the matrix's data.
NO_OCO_ROUND = {"other_viewer": 400, "superuser": 400}


# The request desk: who files; who reads a request of Fiji to WCO A/P, or of the Cook Islands
# to OCO; those readers who may not move it get 403, the others 404.
FILERS = (*SECRETARIAT, *FOCAL_POINTS)
FIJI_CASE = (*SECRETARIAT, "focal_point", "viewer")
COOK_CASE = ("superuser", "other_focal_point", "other_viewer")
FIJI_MOVE = only(FIJI_CASE, 403, 404)
COOK_MOVE = only(COOK_CASE, 403, 404)
SECRETARIAT_302 = dict.fromkeys(SECRETARIAT, 302)
FIJI_400 = FIJI_MOVE | dict.fromkeys(SECRETARIAT, 400)

# name: [(method, path or a function of the cast giving it, data, {role: status})]
ROCB_EDIT = ROCB_CONFIRM | dict.fromkeys(SECRETARIAT, 200)
OCO_EDIT, SUPER_302 = only(OCO_READERS, 403, 404), {"superuser": 302}
EDIT_TARGET = {"target": "Once", "node": "1.a"}
EDIT_MEASURE = {"node": "1.a", "m-source": "outputs"}
CASES = {
    "plan-list": [("get", "/", {}, everyone(200))],
    "sign-in": [("get", "/sign-in/", {}, PUBLIC)],
    "sign-out": [("post", "/sign-out/", {}, everyone(302))],
    "password-set": [("get", "/password/set/MQ/bad-token/", {}, PUBLIC)],
    "user-list": [("get", "/users/", {}, only(ADMINS, 200))],
    "user-invite": [("post", "/users/invite/", {}, only(ADMINS, 400))],
    "user-role": [
        ("post", lambda cast: f"/users/{cast['viewer'].pk}/role/", {}, only(ADMINS, 400)),
        (
            "post",
            lambda cast: f"/users/{cast['other_viewer'].pk}/role/",
            {},
            only(ADMINS, 400, secretariat_admin=404),
        ),
    ],
    "user-deactivate": [
        ("post", lambda cast: f"/users/{cast['viewer'].pk}/deactivate/", {}, only(ADMINS, 302)),
        (
            "post",
            lambda cast: f"/users/{cast['other_viewer'].pk}/deactivate/",
            {},
            only(ADMINS, 302, secretariat_admin=404),
        ),
    ],
    "history-list": [("get", "/history/", {}, only(SECRETARIAT, 200))],
    "history-record": [
        ("get", "/history/record/memberstatus/MS-FIJI-DATA/", {}, only(SECRETARIAT, 200)),
        # a record of another organisation's Member: no entry the role may read is listed
        ("get", "/history/record/memberstatus/MS-COOK-ONLY/", {}, only(SECRETARIAT, 200)),
    ],
    "history-member": [
        ("get", "/history/member/FJI/", {}, only(SECRETARIAT, 200)),
        ("get", "/history/member/COK/", {}, only(SUPERUSER, 200) | NOT_OURS),
    ],
    "history-user": [
        ("get", lambda cast: f"/history/user/{cast['viewer'].pk}/", {}, only(SECRETARIAT, 200)),
        (
            "get",
            lambda cast: f"/history/user/{cast['other_viewer'].pk}/",
            {},
            only(SUPERUSER, 200) | NOT_OURS,
        ),
    ],
    "plan-import": [("get", "/plans/import/", {}, only(SECRETARIAT, 200))],
    "plan-import-save": [
        ("post", "/plans/import/save/", {"plan_file": ""}, only(SECRETARIAT, 400))
    ],
    "plan-detail": [
        ("get", f"/plans/{ROCB}/", {}, only(ROCB_READERS, 200, 404)),
        ("get", f"/plans/{OCO}/", {}, only(OCO_READERS, 200, 404)),
    ],
    # Aggregates of the plan's period for every reader of the plan; no name beyond one's scope.
    "plan-people": [
        ("get", f"/plans/{ROCB}/people/", {}, only(ROCB_READERS, 200, 404)),
        ("get", f"/plans/{OCO}/people/?as_of=2025-13-01&kind=x", {}, only(OCO_READERS, 200, 404)),
    ],
    "plan-version": [
        ("get", f"/plans/{ROCB}/v1/", {}, only(ROCB_READERS, 200, 404)),
        ("get", f"/plans/{OCO}/v1/", {}, only(OCO_READERS, 200, 404)),
        ("get", f"/plans/{ROCB}/v9/", {}, everyone(404)),
    ],
    "plan-reports": [
        ("get", f"/plans/{ROCB}/reports/", {}, ROCB_REPORT),
        ("get", f"/plans/{OCO}/reports/", {}, OCO_REPORT),
    ],
    "plan-report-file": [
        ("get", f"/plans/{ROCB}/report.csv?as_of=2024-06-30", {}, ROCB_REPORT),
        ("get", f"/plans/{OCO}/report.csv?as_of=2024-06-30", {}, OCO_REPORT),
        # A format that does not exist, or no date: nothing to make.
        ("get", f"/plans/{ROCB}/report.doc?as_of=2024-06-30", {}, everyone(404)),
        ("get", f"/plans/{ROCB}/report.csv", {}, ROCB_REPORT | dict.fromkeys(ROCB_ORG, 400)),
    ],
    "plan-report-publish": [
        # Publishing needs the date; without it the form comes back with its message.
        ("post", f"/plans/{ROCB}/reports/publish/", {}, ROCB_CONFIRM),
        ("post", f"/plans/{OCO}/reports/publish/", {}, only(OCO_READERS, 403, 404, superuser=302)),
    ],
    "published-report-file": [
        ("get", published(ROCB), {}, ROCB_REPORT),
        ("get", published(OCO), {}, OCO_REPORT),
        ("get", "/reports/999999.pdf", {}, everyone(404)),
    ],
    "plan-confirm": [
        # Secretariat of the plan: confirmed or "nothing to confirm"; other readers: 403;
        # those who may not read the plan: 404, as for a plan that does not exist.
        ("post", f"/plans/{ROCB}/confirm/", {}, ROCB_CONFIRM),
        ("post", f"/plans/{OCO}/confirm/", {}, only(OCO_READERS, 403, 404, superuser=302)),
    ],
    "submission-list": [("get", "/submissions/", {}, only((*SECRETARIAT, *FOCAL_POINTS), 200))],
    "submission-detail": [
        # Fiji's: its focal point and WCO A/P's Secretariat; the Cook Islands': OCO's only.
        ("get", sent_by("focal_point"), {}, only((*SECRETARIAT, "focal_point"), 200, 404)),
        ("get", sent_by("other_focal_point"), {},
         only(("superuser", "other_focal_point"), 200, 404)),
    ],
    "submission-step": [
        ("post", step_of("focal_point", "approve"), {},
         only(SECRETARIAT, 302, 404, focal_point=403)),
        ("post", step_of("focal_point", "withdraw"), {},
         only(SECRETARIAT, 403, 404, focal_point=302)),
        ("post", step_of("other_focal_point", "approve"), {},
         only(("superuser",), 302, 404, other_focal_point=403)),
    ],
    "submission-new": [
        ("get", "/submissions/new/status/", {}, only(FOCAL_POINTS, 200)),
        ("get", "/submissions/new/activity/", {}, only(FOCAL_POINTS, 200)),
        ("post", "/submissions/new/status/", {"step": "submit"}, only(FOCAL_POINTS, 400)),
    ],
    "submission-edit": [
        # Sent, so no longer editable: back to its page; others do not see it.
        ("get", step_of("focal_point", "edit"), {},
         only(("focal_point",), 302, 404, superuser=403, secretariat_admin=403,
              secretariat_officer=403)),
        ("get", step_of("other_focal_point", "edit"), {},
         only(("other_focal_point",), 302, 404, superuser=403)),
    ],
    "review-inbox": [("get", "/review/", {}, only(SECRETARIAT, 200))],
    "review-bulk-approve": [("post", "/review/approve/", {}, only(SECRETARIAT, 302))],
    # Recorded facts: a status of Fiji (a WCO A/P Member) and one of the Cook Islands (OCO only).
    "data-index": [("get", "/data/", {}, only(SECRETARIAT, 200))],
    # Surveys' results and success stories: the Secretariat of the survey's organisation.
    "survey-results": [
        ("get", survey_results_of("rocb-ap"), {}, only(SECRETARIAT, 200)),
        ("get", survey_results_of("oco"), {}, only(SUPERUSER, 200) | NOT_OURS),
    ],
    "survey-stories": [("get", "/surveys/stories/", {}, only(SECRETARIAT, 200))],
    "survey-story-accept": [
        ("get", story_of("rocb-ap", "accept"), {}, only(SECRETARIAT, 200)),
        ("get", story_of("oco", "accept"), {}, only(SUPERUSER, 200) | NOT_OURS),
        ("post", story_of("rocb-ap", "accept"), {"title": ""}, only(SECRETARIAT, 400)),
    ],
    "survey-story-dismiss": [
        ("post", story_of("rocb-ap", "dismiss"), {}, only(SECRETARIAT, 302)),
        ("post", story_of("oco", "dismiss"), {}, only(SUPERUSER, 302) | NOT_OURS),
    ],
    # An activity: whoever sees it (its organiser's roles, the roles of a Member attending:
    # Fiji is a Member of OCO too); the others as if it did not exist.
    "activity-detail": [
        ("get", activity_of("rocb-ap"), {}, only((*ROCB_ORG, "focal_point", "other_viewer"),
                                                 200, 404)),
        ("get", activity_of("oco"), {}, only(("superuser", "other_focal_point", "other_viewer"),
                                             200, 404)),
        ("get", "/activities/NO-SUCH-ACT/", {}, everyone(404)),
    ],
    "data-list": [
        ("get", "/data/member_statuses/", {}, only(SECRETARIAT, 200)),
        ("get", "/data/activities/?member=COK&q=x", {}, only(SECRETARIAT, 200)),
        ("get", "/data/topics/", {}, only(SECRETARIAT, 404)),
    ],
    "data-new": [
        ("get", "/data/activities/new/", {}, only(SECRETARIAT, 200)),
        ("get", "/data/member_statuses/new/", {}, only(SECRETARIAT, 200)),
        ("post", "/data/member_statuses/new/", {}, only(SECRETARIAT, 400)),
    ],
    "data-edit": [
        ("get", "/data/member_statuses/ST-FJI/", {}, only(SECRETARIAT, 200)),
        ("get", "/data/member_statuses/ST-COK/", {}, only(SECRETARIAT, 404, superuser=200)),
        ("post", "/data/member_statuses/ST-FJI/", {}, only(SECRETARIAT, 400)),
        ("post", "/data/member_statuses/ST-COK/", {}, only(SECRETARIAT, 404, superuser=400)),
        ("get", "/data/member_statuses/ST-404/", {}, only(SECRETARIAT, 404)),
    ],
    "data-delete": [
        ("get", "/data/member_statuses/ST-FJI/delete/", {}, only(SECRETARIAT, 200)),
        ("post", "/data/member_statuses/ST-FJI/delete/", {}, only(SECRETARIAT, 400)),
        ("post", "/data/member_statuses/ST-COK/delete/", {}, only(SECRETARIAT, 404, superuser=400)),
    ],
    # A file of data the role may not see answers 404, as one that does not exist.
    "evidence-file": [
        # Fiji's (the focal point's own Member, of WCO A/P and OCO)
        ("get", evidence("FJI"), {}, only(ROCB_READERS, 200, 404, other_viewer=200)),
        # Japan's (another Member of WCO A/P)
        ("get", evidence("JPN"), {}, only(ROCB_ORG, 200, 404)),
        # the Cook Islands' (a Member of OCO only)
        ("get", evidence("COK"), {}, only(OCO_READERS, 200, 404, focal_point=404)),
        # the organisations' own
        ("get", evidence("rocb-ap"), {}, only(ROCB_ORG, 200, 404)),
        ("get", evidence("oco"), {}, only(("superuser", "other_viewer"), 200, 404)),
        # a wrong name, or no such file
        ("get", evidence("FJI", "other.pdf"), {}, everyone(404)),
        ("get", "/evidence/999999/rkc.pdf", {}, everyone(404)),
    ],
    "workbook-upload": [
        ("get", "/data/workbook/", {}, only(SECRETARIAT, 200)),
        ("post", "/data/workbook/", {}, only(SECRETARIAT, 400)),  # no file
    ],
    "workbook-confirm": [("post", "/data/workbook/confirm/", {}, only(SECRETARIAT, 400))],
    "workbook-export": [("get", "/data/workbook/export/", {}, only(SECRETARIAT, 200))],
    "workbook-template": [("get", "/data/workbook/template/", {}, only(SECRETARIAT, 200))],
    "milestone-done": [
        ("get", rocb_milestone, {}, ROCB_RECORD),
        # Saved as it was (nothing changes): back to the plan page.
        ("post", rocb_milestone, {}, ROCB_RECORD | dict.fromkeys(SECRETARIAT, 302)),
        ("get", f"/plans/{OCO}/kpis/1.1.1.m/done/", {}, OCO_RECORD),
        # Not a milestone, or no such KPI: nothing to record, for those who may record.
        ("get", f"/plans/{ROCB}/kpis/1.b/done/", {}, ROCB_RECORD | dict.fromkeys(SECRETARIAT, 404)),
        ("get", f"/plans/{OCO}/kpis/9.9.9/done/", {}, OCO_RECORD | {"superuser": 404}),
    ],
    # A Member's profile: its focal point, and the Secretariat of its organisations (neither
    # organisation shares profiles here: tests/web/test_member_profile.py tries that).
    "member-profile": [
        ("get", "/members/FJI/", {}, only((*SECRETARIAT, "focal_point"), 200)),
        ("get", "/members/COK/", {}, only(("superuser", "other_focal_point"), 200)),
        ("get", "/members/XXX/", {}, everyone(404)),
    ],
    # A Member's report: its focal point, its organisations' Secretariat, superusers.
    "member-report-file": [
        ("get", "/members/FJI/report.xlsx", {}, only((*SECRETARIAT, "focal_point"), 200)),
        ("get", "/members/COK/report.pdf", {}, only(("superuser", "other_focal_point"), 200)),
        ("get", "/members/FJI/report.csv", {}, only((*SECRETARIAT, "focal_point"), 404)),
        ("get", "/members/FJI/report.pdf?as_of=x", {}, only((*SECRETARIAT, "focal_point"), 400)),
        ("get", "/members/XXX/report.pdf", {}, everyone(404)),
    ],
    "plan-heatmap": [
        ("get", f"/plans/{ROCB}/heatmap/", {}, only(ROCB_READERS, 200, 404)),
        ("get", f"/plans/{OCO}/heatmap/?sort=name", {}, only(OCO_READERS, 200, 404)),
    ],
    "plan-heatmap-xlsx": [
        ("get", f"/plans/{ROCB}/heatmap.xlsx", {}, only(ROCB_READERS, 200, 404)),
        ("get", f"/plans/{OCO}/heatmap.xlsx", {}, only(OCO_READERS, 200, 404)),
    ],
    # An organisation's home: for whoever reads its plans; the others do not see it exist.
    "organisation-home": [
        ("get", "/organisations/rocb-ap/", {}, only(ROCB_READERS, 200, 404)),
        ("get", "/organisations/oco/", {}, only(OCO_READERS, 200, 404)),
        ("get", "/organisations/nope/", {}, everyone(404)),
    ],
    "plan-changes": [
        ("get", f"/plans/{ROCB}/changes/", {}, only(ROCB_READERS, 200, 404)),
        ("get", f"/plans/{OCO}/changes/?from=2024-01-01&to=2024-06-30", {},
         only(OCO_READERS, 200, 404)),
        # A bad date: one message, for those who read the plan.
        ("get", f"/plans/{ROCB}/changes/?from=2024-13-01", {}, only(ROCB_READERS, 400, 404)),
    ],
    # A KPI's page: for whoever reads the plan; an unknown KPI does not exist for anyone.
    "kpi-detail": [
        ("get", f"/plans/{ROCB}/kpis/1.g/", {}, only(ROCB_READERS, 200, 404)),
        ("get", f"/plans/{ROCB}/kpis/3.e.1/?page=2", {}, only(ROCB_READERS, 200, 404)),
        ("get", f"/plans/{OCO}/kpis/3.1.1.n/", {}, only(OCO_READERS, 200, 404)),
        ("get", f"/plans/{OCO}/kpis/1.1.1.m/", {}, only(OCO_READERS, 200, 404)),
        ("get", f"/plans/{ROCB}/kpis/9.zz/", {}, everyone(404)),
    ],
    "kpi-version": [
        ("get", f"/plans/{ROCB}/v1/kpis/1.g/", {}, only(ROCB_READERS, 200, 404)),
        ("get", f"/plans/{OCO}/v1/kpis/1.1.1.m/", {}, only(OCO_READERS, 200, 404)),
        ("get", f"/plans/{ROCB}/v9/kpis/1.g/", {}, everyone(404)),
    ],
    # Topics: everyone reads them (Members and plans as far as each may see); the
    # Secretariat of any organisation adds and edits; its admins merge.
    "topic-list": [("get", "/topics/", {}, everyone(200))],
    "topic-new": [
        ("get", "/topics/new/", {}, only(SECRETARIAT, 200)),
        ("post", "/topics/new/", {}, only(SECRETARIAT, 400)),
    ],
    "topic-detail": [
        ("get", "/topics/rkc/", {}, everyone(200)),
        ("get", "/topics/rkc/?as_of=2025-13-01", {}, everyone(200)),
        ("post", "/topics/rkc/", {}, only(SECRETARIAT, 400)),
        ("get", "/topics/nope/", {}, everyone(404)),
    ],
    "topic-merge": [
        ("post", "/topics/rkc/merge/", {}, only(ADMINS, 400)),
        ("post", "/topics/rkc/merge/", {"merge-keep": "trs", "merge-reason": "same"},
         only(ADMINS, 200)),
        ("post", "/topics/rkc/merge/",
         {"merge-keep": "trs", "merge-reason": "same", "step": "confirm"}, only(ADMINS, 302)),
        ("post", "/topics/nope/merge/", {}, everyone(404)),
    ],
    # The plan editor: the Secretariat of the plan's organisation; other readers 403; those
    # who may not read the plan 404 (as plan-confirm).
    "plan-edit": [
        ("get", f"/plans/{ROCB}/edit/", {}, ROCB_EDIT),
        ("get", f"/plans/{ROCB}/edit/?kpi=1.a", {}, ROCB_EDIT),
        ("get", f"/plans/{OCO}/edit/", {}, OCO_EDIT | {"superuser": 200}),
    ],
    "plan-edit-target": [("get", f"/plans/{ROCB}/edit/target/", EDIT_TARGET, ROCB_EDIT)],
    "plan-edit-measure": [("get", f"/plans/{ROCB}/edit/measure/", EDIT_MEASURE, ROCB_EDIT)],
    "plan-edit-op": [
        ("post", f"/plans/{ROCB}/edit/action-move/", {"node": "1.a"}, ROCB_CONFIRM),
        ("post", f"/plans/{OCO}/edit/action-move/", {"node": "3.1.1"}, OCO_EDIT | SUPER_302),
    ],
    # Needs-assessment priorities: the Secretariat and the viewers of the organisation
    "survey-priorities": [
        ("get", "/surveys/priorities/", {}, only((*ROCB_ORG, "other_viewer"), 200)),
        ("get", needs_round("rocb-ap", "/surveys/priorities/?year=2023"), {},
         only((*ROCB_ORG, "other_viewer"), 200)),
    ],
    "survey-priorities-xlsx": [
        ("get", needs_round("rocb-ap", "/surveys/priorities.xlsx?org=rocb-ap"), {},
         only(ROCB_ORG, 200, other_viewer=400)),
    ],
    "survey-priorities-csv": [
        ("get", needs_round("rocb-ap", "/surveys/priorities.csv?org=rocb-ap"), {},
         only(ROCB_ORG, 200, other_viewer=400)),
        # the round above stays: the organisation's own is read; OCO (the superuser's first
        # organisation) has none yet
        ("get", "/surveys/priorities.csv", {}, only(ROCB_ORG, 200, 403, **NO_OCO_ROUND)),
    ],
    # Completing a round: the Secretariat of the survey's organisation
    "survey-complete": [
        ("get", needs_round("rocb-ap", "complete/"), {}, only(SECRETARIAT, 200)),
        ("post", needs_round("rocb-ap", "complete/"), {}, only(SECRETARIAT, 400)),
        ("post", needs_round("rocb-ap", "complete/"), {"on": "2023-05-01"},
         only(SECRETARIAT, 302)),
        ("get", needs_round("oco", "complete/"), {}, only(SECRETARIAT, 200, **NOT_OURS)),
    ],
    # API tokens: everyone with a role lists and makes its own, and revokes its own only
    # (another's token does not exist for it).
    "api-tokens": [
        ("get", "/account/tokens/", {}, everyone(200)),
        ("post", "/account/tokens/", {}, everyone(400)),  # no expiry chosen
        ("post", "/account/tokens/", {"name": "export", "expires": "30"}, everyone(200)),
    ],
    # The survey response page: anyone with the link, signed in or not; a bad link is 404.
    "survey-respond": [
        ("get", survey_link, {}, PUBLIC),
        ("post", survey_link, {"q-overall": "9"}, everyone(400) | {"anonymous": 400}),
        ("get", "/s/not-a-link:forged/", {}, everyone(404) | {"anonymous": 404}),
    ],
    # Surveys: the Secretariat's of its organisation; another organisation's do not exist
    # for it; focal points and viewers get 403 (their answers come through links only).
    "survey-list": [("get", "/surveys/", {}, only(SECRETARIAT, 200))],
    "survey-new": [
        ("get", "/surveys/new/", {}, only(SECRETARIAT, 200)),
        ("post", "/surveys/new/", {}, only(SECRETARIAT, 200)),  # no form: the choice again
    ],
    "survey-form-list": [("get", "/surveys/forms/", {}, only(SECRETARIAT, 200))],
    "survey-form-new": [
        ("get", "/surveys/forms/new/", {}, only(SECRETARIAT, 200)),
        ("post", "/surveys/forms/new/", {}, only(SECRETARIAT, 400)),
    ],
    "survey-form-edit": [
        ("get", survey_form("rocb-ap"), {}, only(SECRETARIAT, 200)),
        ("post", survey_form("rocb-ap"), {"action": "add"}, only(SECRETARIAT, 200)),
        ("get", survey_form("oco"), {}, only(SUPERUSER, 200) | NOT_OURS),
    ],
    "survey-detail": [
        ("get", survey_of("rocb-ap"), {}, only(SECRETARIAT, 200)),
        ("post", survey_of("rocb-ap"), {}, only(SECRETARIAT, 400)),  # nothing chosen to do
        ("get", survey_of("oco"), {}, only(SUPERUSER, 200) | NOT_OURS),
    ],
    "survey-qr": [("get", survey_of("rocb-ap", "qr.svg"), {}, only(SECRETARIAT, 200))],
    "survey-export": [
        ("get", survey_of("rocb-ap", "responses.xlsx"), {}, only(SECRETARIAT, 200)),
        ("get", survey_of("oco", "responses.csv"), {}, only(SUPERUSER, 200) | NOT_OURS),
        ("get", survey_of("rocb-ap", "responses.pdf"), {}, everyone(404)),
    ],
    # The desk's match page: the Secretariat running the request's desk; who reads the
    # request without running its desk gets 403, others 404. Its figures: the Secretariat and
    # the viewers of an organisation.
    "desk-request-match": [
        ("get", desk_case("rocb-ap", "FJI", "match/"), {},
         only(SECRETARIAT, 200, 404, focal_point=403, viewer=403)),
        ("get", desk_case("oco", "COK", "match/"), {},
         only(SUPERUSER, 200, 404, other_focal_point=403, other_viewer=403)),
        ("get", desk_case("rocb-ap", "FJI", "match/", accepted=False), {},
         only(SECRETARIAT, 200, 404, focal_point=403, viewer=403)),
        ("post", desk_case("rocb-ap", "FJI", "match/"), {}, everyone(405)),
    ],
    "desk-figures": [
        ("get", "/requests/figures/", {}, only((*ROCB_ORG, "other_viewer"), 200)),
        ("get", "/requests/figures/?year=20x5&org=oco", {}, only((*ROCB_ORG, "other_viewer"), 200)),
    ],
    "desk-figures-csv": [
        ("get", "/requests/figures.csv", {}, only((*ROCB_ORG, "other_viewer"), 200)),
        ("get", "/requests/figures.csv?year=x", {}, only((*ROCB_ORG, "other_viewer"), 400)),
    ],
    "api-token-revoke": [
        ("post", viewer_token, {}, only(("viewer",), 302, 404)),
        ("get", viewer_token, {}, everyone(405)),
    ],
    # The expert pool: every organisation's Secretariat (it is shared); others 403.
    "desk-experts": [("get", "/experts/?topic=rkc&accredited=1", {}, only(SECRETARIAT, 200))],
    "desk-expert-new": [
        ("get", "/experts/new/", {}, only(SECRETARIAT, 200)),
        ("post", "/experts/new/", {"name": ""}, only(SECRETARIAT, 400)),
    ],
    "desk-expert": [
        ("get", expert_page(), {}, only(SECRETARIAT, 200)),
        ("post", expert_page(), {"action": "unavailable-add"}, only(SECRETARIAT, 400)),
    ],
    "desk-expert-edit": [("get", expert_page("edit/"), {}, only(SECRETARIAT, 200))],
    "desk-expert-updates": [
        ("get", "/experts/updates/", {}, only(SECRETARIAT, 200)),
        ("post", "/experts/updates/", {"action": "accept"}, only(SECRETARIAT, 400)),
    ],
    # An expert's own profile update: anyone with the link; a forged one is 404.
    "desk-profile-update": [
        ("get", profile_link, {}, PUBLIC),
        ("post", profile_link, {"start_1": "2026-09-10"}, everyone(400) | {"anonymous": 400}),
        ("get", "/x/not-a-link:forged/", {}, everyone(404) | {"anonymous": 404}),
    ],
    # The request desk: a request of Fiji to WCO A/P, one of the Cook Islands to OCO.
    "desk-requests": [
        ("get", "/requests/", {}, everyone(200)),
        ("get", "/requests/?state=all&member=FJI&kind=mission&urgency=urgent", {}, everyone(200)),
    ],
    "desk-request-new": [
        ("get", "/requests/new/", {}, only(FILERS, 200)),
        ("post", "/requests/new/", {}, only(FILERS, 400)),
    ],
    "desk-request": [
        ("get", desk_request("FJI", "rocb-ap"), {}, only(FIJI_CASE, 200, 404)),
        ("get", desk_request("COK", "oco"), {}, only(COOK_CASE, 200, 404)),
    ],
    "desk-request-accept": [
        ("post", desk_request("FJI", "rocb-ap", "accept/"), {}, FIJI_MOVE | SECRETARIAT_302),
        ("post", desk_request("COK", "oco", "accept/"), {}, COOK_MOVE | SUPER_302),
        ("get", desk_request("FJI", "rocb-ap", "accept/"), {}, everyone(405)),
    ],
    # Refused by the service, or by the form: no reason, no expert, no dates, not delivered.
    "desk-request-decline": [("post", desk_request("FJI", "rocb-ap", "decline/"), {}, FIJI_400)],
    "desk-request-propose": [("post", desk_request("FJI", "rocb-ap", "propose/"), {}, FIJI_400)],
    "desk-request-schedule": [("post", desk_request("FJI", "rocb-ap", "schedule/"), {}, FIJI_400)],
    "desk-request-deliver": [("post", desk_request("FJI", "rocb-ap", "deliver/"), {}, FIJI_400)],
    "desk-request-evaluate": [("post", desk_request("FJI", "rocb-ap", "evaluate/"), {}, FIJI_400)],
    # Withdrawing: the Member's focal point too.
    "desk-request-withdraw": [
        ("post", desk_request("FJI", "rocb-ap", "withdraw/"), {},
         FIJI_MOVE | SECRETARIAT_302 | {"focal_point": 302}),
        ("post", desk_request("COK", "oco", "withdraw/"), {},
         COOK_MOVE | SUPER_302 | {"other_focal_point": 302}),
    ],
}  # fmt: skip


@pytest.fixture
def recorded(builtin):
    """A fact of a Member of both organisations, and one of a Member of OCO only."""
    from stratmon.facts.records import save_records

    row = {"topic": "rkc", "status": "achieved", "effective": "2025-01-01"}
    rows = [row | {"id": "ST-FJI", "member": "FJI"}, row | {"id": "ST-COK", "member": "COK"}]
    save_records({"member_statuses": rows}, user=None, via="test")


def page_names(patterns, prefix=""):
    """Every named page of the URL configuration, less the admin's, static files and the API
    (whose operations have their per-role tests in tests/api)."""
    for p in patterns:
        route = prefix + str(p.pattern)
        if route.startswith(("admin/", "static/", "api/")):
            continue
        if isinstance(p, URLResolver):
            yield from page_names(p.url_patterns, route)
        elif isinstance(p, URLPattern):
            assert p.name, f"the page {route!r} needs a name to be in the matrix"
            yield p.name


def test_every_page_is_in_the_matrix():
    assert set(page_names(get_resolver().url_patterns)) == set(CASES)


def _body(response):
    """The page's text; a download's bytes read as far as they are text (an .xlsx is zipped:
    the leak check on it is weak, and the downloads are the Secretariat's only)."""
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")  # a PDF or XLSX download is not UTF-8


@pytest.fixture
def evidence_files(reference, evidence_dir):
    """One evidence file of each of three Members and of each organisation."""
    from stratmon.evidence.services import store_evidence
    from stratmon.plans.models import Member, Organisation

    def store(**owner):
        pdf = SimpleUploadedFile("rkc.pdf", b"%PDF-1.7 accession instrument")
        return store_evidence(pdf, user=None, **owner)

    files = {iso3: store(member=Member.objects.get(iso3=iso3)) for iso3 in ("FJI", "JPN", "COK")}
    for code in ("rocb-ap", "oco"):
        files[code] = store(organisation=Organisation.objects.get(code=code))
    return files


@pytest.fixture
def cast(
    evidence_files,
    superuser,
    secretariat_admin,
    secretariat_officer,
    focal_point,
    other_focal_point,
    viewer,
    other_viewer,
):
    users = {name: user for name, user in locals().items() if name != "evidence_files"}
    return users | {"evidence": evidence_files}


@pytest.fixture
def changes(cast):
    """History entries about Fiji (of WCO A/P and OCO) and the Cook Islands (of OCO only)."""
    from stratmon.facts.models import MemberStatus
    from stratmon.history.recording import record_change
    from stratmon.plans.models import Organisation, Plan

    def status(user, refs, **kwargs):
        details = {ref: {"member": iso3, "note": f"note-{ref}"} for ref, iso3 in refs.items()}
        record_change(
            user=user,
            via="web",
            model=MemberStatus,
            verb="created",
            refs=list(refs),
            details=details,
            **kwargs,
        )

    status(None, {"MS-FIJI-DATA": "FJI", "MS-COOK-DATA": "COK"}, source="import.xlsx")
    status(None, {"MS-COOK-ONLY": "COK"})
    status(cast["other_viewer"], {"MS-FIJI-BY-OCO": "FJI"})
    status(cast["viewer"], {"MS-FIJI-BY-VIEWER": "FJI"})
    record_change(
        user=cast["other_viewer"],
        via="web",
        model=Plan,
        verb="updated",
        refs=["oco-plan-change"],
        organisation=Organisation.objects.get(code="oco"),
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_role_gets_the_exact_status_and_nothing_it_may_not_see(
    client, builtin, recorded, cast, changes, django_capture_on_commit_callbacks, name
):
    for method, path, data, statuses in CASES[name]:
        path = path(cast) if callable(path) else path
        for role in ROLES:
            client.logout()
            # Each role meets the same data: what one role's request changed is undone.
            savepoint = transaction.savepoint()
            if role != "anonymous":
                client.force_login(cast[role])
            response = getattr(client, method)(path, data)
            transaction.savepoint_rollback(savepoint)
            where = f"{method.upper()} {path} as {role}"
            if role == "anonymous":
                expected = statuses.get("anonymous", 302)
                assert response.status_code == expected, where
                if expected == 302:
                    assert response["Location"].startswith("/sign-in/?next="), where
                body = _body(response)
                assert ROCB_TITLE not in body and OCO_TITLE not in body, where
                assert not any(marker in body for marker in MEMBER_DATA), where
                continue
            assert response.status_code == statuses[role], where
            body = _body(response)
            for title in {ROCB_TITLE, OCO_TITLE} - SEES_PLANS[role]:
                assert title not in body, f"{where}: shows {title!r}"
            for other, username in USERNAMES.items():
                if other != role and other not in SEES_USERS.get(role, ()):
                    assert username not in body, f"{where}: shows the user {username!r}"
            for marker, readers in MEMBER_DATA.items():
                if role not in readers:
                    assert marker not in body, f"{where}: shows {marker!r}"
