"""Paths the authorisation matrix reaches through records it makes first (the cast's
evidence files, a milestone KPI, a published report): functions of the cast."""

from stratmon.plans.models import KPI
from stratmon.submissions import services as submission_services

ROCB = "rocb-ap-sap-2022-2024"


def evidence(key, name="rkc.pdf"):
    """The URL of one of the cast's evidence files (the `evidence` fixture), by key."""
    return lambda cast: f"/evidence/{cast['evidence'][key].pk}/{name}"


def rocb_milestone(cast):
    """The ROCB plan has no milestone KPI: make 1.a one, to reach its page."""
    KPI.objects.filter(plan__code=ROCB, code="1.a").update(measure={"source": "milestone"})
    return f"/plans/{ROCB}/kpis/1.a/done/"


def published(code):
    """A published report of the plan `code` (made from its data, no files drawn)."""

    def path(cast):
        from stratmon.plans.models import Plan
        from stratmon.reports.models import PublishedReport

        plan = Plan.objects.get(code=code, superseded_by__isnull=True)
        report = PublishedReport.objects.create(
            plan=plan, as_of="2024-06-30", title="t", data={}, pdf=b"%PDF", xlsx=b"", csv=b""
        )
        return f"/reports/{report.pk}.pdf"

    return path


def sent_by(role):
    """A path to a submission waiting for review, sent by the cast's focal point `role`."""

    def path(cast, suffix=""):
        user = cast[role]
        member = user.role.member
        rows = {
            "member_statuses": [{"topic": "rkc", "status": "achieved", "effective": "2026-01-05"}]
        }
        draft = submission_services.save_draft(user, member, "status", rows)
        submission = submission_services.submit(user, draft)
        return f"/submissions/{submission.pk}/{suffix}"

    return path


def step_of(role, step):
    return lambda cast: sent_by(role)(cast, f"{step}/")


def viewer_token(cast):
    """The revoke address of a token of the cast's ROCB viewer."""
    from stratmon.api.tokens import create_token

    token, _ = create_token(cast["viewer"], name="viewer's script", via="test")
    return f"/account/tokens/{token.pk}/revoke/"


def needs_round(org_code, suffix=""):
    """A path to a training-needs round of `org_code` (2023, Japan invited and answered):
    `suffix` after `/surveys/<pk>/`, or the priorities downloads when it starts with `?`."""

    def path(cast):
        from stratmon.plans.models import Organisation
        from stratmon.surveys import services
        from tests.surveys.needs import answer
        from tests.surveys.needs import needs_round as make_round

        services.load_templates()
        org = Organisation.objects.get(code=org_code)
        survey = make_round(org, 2023, ["JPN"] if org_code == "rocb-ap" else ["FJI"])
        answer(survey, "JPN" if org_code == "rocb-ap" else "FJI", {"aeo": 5})
        return suffix if suffix.startswith("/surveys/pri") else f"/surveys/{survey.pk}/{suffix}"

    return path
