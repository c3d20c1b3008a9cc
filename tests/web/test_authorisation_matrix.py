"""The authorisation matrix: every page × every role, the exact status, and no leak.

The cases are keyed by URL name and checked against the URL configuration, so a page added
without its row here fails `test_every_page_is_in_the_matrix`.
"""

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

from stratmon.plans.models import KPI

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
}


def everyone(status):
    return dict.fromkeys(ROLES[1:], status)


def only(allowed, status, otherwise=403, **exceptions):
    found = {role: (status if role in allowed else otherwise) for role in ROLES[1:]}
    return {**found, **exceptions}


SECRETARIAT = ("superuser", "secretariat_admin", "secretariat_officer")
ADMINS = ("superuser", "secretariat_admin")
ROCB_READERS = (*SECRETARIAT, "focal_point", "viewer")
OCO_READERS = ("superuser", "focal_point", "other_focal_point", "other_viewer")

PUBLIC = everyone(200) | {"anonymous": 200}  # the pages a visitor needs to sign in
ROCB_CONFIRM = only(ROCB_READERS, 403, 404) | dict.fromkeys(SECRETARIAT, 302)
# Recording a milestone: the plan's Secretariat may; its other readers get 403; others 404.
ROCB_RECORD = only(ROCB_READERS, 403, 404) | dict.fromkeys(SECRETARIAT, 200)
OCO_RECORD = only(OCO_READERS, 403, 404, superuser=200)


def rocb_milestone(cast):
    """The ROCB plan has no milestone KPI: make 1.a one, to reach its page."""
    KPI.objects.filter(plan__code=ROCB, code="1.a").update(measure={"source": "milestone"})
    return f"/plans/{ROCB}/kpis/1.a/done/"


# name: [(method, path or a function of the cast giving it, data, {role: status})]
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
    "plan-import": [("get", "/plans/import/", {}, only(SECRETARIAT, 200))],
    "plan-import-save": [
        ("post", "/plans/import/save/", {"plan_file": ""}, only(SECRETARIAT, 400))
    ],
    "plan-detail": [
        ("get", f"/plans/{ROCB}/", {}, only(ROCB_READERS, 200, 404)),
        ("get", f"/plans/{OCO}/", {}, only(OCO_READERS, 200, 404)),
    ],
    "plan-version": [
        ("get", f"/plans/{ROCB}/v1/", {}, only(ROCB_READERS, 200, 404)),
        ("get", f"/plans/{OCO}/v1/", {}, only(OCO_READERS, 200, 404)),
        ("get", f"/plans/{ROCB}/v9/", {}, everyone(404)),
    ],
    "plan-confirm": [
        # Secretariat of the plan: confirmed or "nothing to confirm"; other readers: 403;
        # those who may not read the plan: 404, as for a plan that does not exist.
        ("post", f"/plans/{ROCB}/confirm/", {}, ROCB_CONFIRM),
        ("post", f"/plans/{OCO}/confirm/", {}, only(OCO_READERS, 403, 404, superuser=302)),
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
}  # fmt: skip


def page_names(patterns, prefix=""):
    """Every named page of the URL configuration, less the admin's and static files."""
    for p in patterns:
        route = prefix + str(p.pattern)
        if route.startswith(("admin/", "static/")):
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
    return response.content.decode()


@pytest.fixture
def cast(
    superuser,
    secretariat_admin,
    secretariat_officer,
    focal_point,
    other_focal_point,
    viewer,
    other_viewer,
):
    return {name: user for name, user in locals().items() if name != "cast"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_role_gets_the_exact_status_and_nothing_it_may_not_see(
    client, builtin, cast, django_capture_on_commit_callbacks, name
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
                continue
            assert response.status_code == statuses[role], where
            body = _body(response)
            for title in {ROCB_TITLE, OCO_TITLE} - SEES_PLANS[role]:
                assert title not in body, f"{where}: shows {title!r}"
            for other, username in USERNAMES.items():
                if other != role and other not in SEES_USERS.get(role, ()):
                    assert username not in body, f"{where}: shows the user {username!r}"
