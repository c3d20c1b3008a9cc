"""The authorisation matrix: every page × every role, the exact status, and no leak.

The cases are keyed by URL name and checked against the URL configuration, so a page added
without its row here fails `test_every_page_is_in_the_matrix`.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

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
ROCB_ORG = (*SECRETARIAT, "viewer")  # an organisation's own records: not its focal points


def evidence(key, name="rkc.pdf"):
    """The URL of one of the cast's evidence files (the `evidence` fixture), by key."""
    return lambda cast: f"/evidence/{cast['evidence'][key].pk}/{name}"


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
            body = (
                b"".join(response.streaming_content) if response.streaming else response.content
            ).decode()
            where = f"{method.upper()} {path} as {role}"
            if role == "anonymous":
                expected = statuses.get("anonymous", 302)
                assert response.status_code == expected, where
                if expected == 302:
                    assert response["Location"].startswith("/sign-in/?next="), where
                assert ROCB_TITLE not in body and OCO_TITLE not in body, where
                continue
            assert response.status_code == statuses[role], where
            for title in {ROCB_TITLE, OCO_TITLE} - SEES_PLANS[role]:
                assert title not in body, f"{where}: shows {title!r}"
            for other, username in USERNAMES.items():
                if other != role and other not in SEES_USERS.get(role, ()):
                    assert username not in body, f"{where}: shows the user {username!r}"
