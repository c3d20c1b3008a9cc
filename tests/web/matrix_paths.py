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


def survey_link(cast):
    """The open link of an evaluation survey of a ROCB A/P workshop."""
    import datetime

    from django.utils import timezone

    from stratmon.facts.models import Activity
    from stratmon.plans.models import Organisation
    from stratmon.surveys import links, services
    from stratmon.surveys.models import Form

    rocb = Organisation.objects.get(code="rocb-ap")
    services.load_templates([rocb])
    day = datetime.date(2026, 1, 5)
    activity, _ = Activity.objects.get_or_create(
        ref="ACT-SRV",
        defaults={"kind": "workshop", "title": "A workshop", "start": day, "end": day},
    )
    now = timezone.now()
    plan = services.SurveyPlan(
        form=Form.objects.get(organisation=rocb, code="participant-evaluation"),
        title="Evaluation",
        activity=activity,
        opens=now - datetime.timedelta(hours=1),
        closes=now + datetime.timedelta(days=1),
    )
    return f"/s/{links.token_of(services.open_survey(plan, user=None).key)}/"


def survey_form(org_code, code="participant-evaluation"):
    """The page of a shipped survey form of the organisation `org_code`."""

    def path(cast):
        from stratmon.surveys import services
        from stratmon.surveys.models import Form

        services.load_templates()
        return f"/surveys/forms/{Form.objects.get(organisation__code=org_code, code=code).pk}/"

    return path


def survey_of(org_code, suffix=""):
    """A path under a needs-assessment survey of the organisation `org_code`, open a day."""

    def path(cast):
        import datetime

        from django.utils import timezone

        from stratmon.surveys import services
        from stratmon.surveys.models import Form

        services.load_templates()
        form = Form.objects.get(organisation__code=org_code, code="training-needs")
        now = timezone.now()
        plan = services.SurveyPlan(
            form=form, title="TNA", opens=now, closes=now + datetime.timedelta(days=1)
        )
        return f"/surveys/{services.open_survey(plan, user=None).pk}/{suffix}"

    return path
