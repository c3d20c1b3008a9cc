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


def _surveyed_activity(org_code):
    """An activity of `org_code` attended by one of its Members (ROCB A/P: Fiji; OCO: the
    Cook Islands), with its evaluation survey answered once and an impact follow-up whose
    answer is a success-story candidate."""
    import datetime

    from django.utils import timezone

    from stratmon.facts.models import Activity, Participation
    from stratmon.plans.models import Member, Organisation
    from stratmon.surveys import services as survey_services
    from stratmon.surveys.models import Form

    survey_services.load_templates()
    org = Organisation.objects.get(code=org_code)
    iso3 = "FJI" if org_code == "rocb-ap" else "COK"
    number = Activity.objects.count()  # a case may reach its path twice
    activity = Activity.objects.create(
        ref=f"ACT-MX-{org_code}-{number}",
        kind="workshop",
        title="Matrix workshop",
        start=datetime.date(2025, 3, 3),
        end=datetime.date(2025, 3, 4),
        organiser=org,
    )
    Participation.objects.create(
        ref=f"PAR-MX-{org_code}-{number}", activity=activity, member=Member.objects.get(iso3=iso3)
    )
    now = timezone.now()
    made = {}
    for code, posted in (
        ("participant-evaluation", {"q-overall": ["4"], "q-relevance": ["5"]}),
        ("impact-follow-up", {"q-changed": ["x"], "q-result": ["Yes"], "q-story": ["Done."]}),
    ):
        plan = survey_services.SurveyPlan(
            form=Form.objects.get(organisation=org, code=code),
            title="Matrix survey",
            activity=activity,
            opens=now - datetime.timedelta(hours=1),
            closes=now + datetime.timedelta(days=1),
        )
        survey = survey_services.open_survey(plan, user=None)
        made[code] = survey_services.submit(survey, None, posted)[0]
    return activity, made


def survey_results_of(org_code):
    def path(cast):
        _, made = _surveyed_activity(org_code)
        return f"/surveys/{made['participant-evaluation'].survey_id}/results/"

    return path


def activity_of(org_code):
    return lambda cast: f"/activities/{_surveyed_activity(org_code)[0].ref}/"


def story_of(org_code, step):
    def path(cast):
        _, made = _surveyed_activity(org_code)
        return f"/surveys/stories/{made['impact-follow-up'].pk}/{step}/"

    return path


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


def expert_page(suffix=""):
    """A page of an expert of the pool (shared by every organisation's Secretariat)."""

    def path(cast):
        from stratmon.facts.models import Expert
        from tests.desk.conftest import make_expert

        if not Expert.objects.filter(ref="EXP-MATRIX").exists():
            make_expert("EXP-MATRIX", "Matrix Expert", languages="English")
        return f"/experts/EXP-MATRIX/{suffix}"

    return path


def profile_link(cast):
    """An expert's open profile update link."""
    from stratmon.desk import experts, profile_links
    from stratmon.facts.models import Expert
    from tests.desk.conftest import make_expert

    expert = Expert.objects.filter(ref="EXP-LINK").first()
    expert = expert or make_expert("EXP-LINK", "Linked Expert", languages="English")
    return profile_links.url_of(experts.create_link(expert, user=None))


def desk_case(org_code, iso3, suffix="", *, accepted=True):
    """A path under a request of `iso3` to `org_code` (accepted, so it takes an expert), with
    an expert of Japan in the pool: `/requests/<pk>/<suffix>`."""

    def path(cast):
        from stratmon.desk import services
        from stratmon.desk.models import Kind
        from stratmon.facts.models import Expert, Topic
        from stratmon.plans.models import Member, Organisation

        filing = services.Filing(
            organisation=Organisation.objects.get(code=org_code),
            member=Member.objects.get(iso3=iso3),
            subject=f"Matrix request of {iso3}",
            kind=Kind.MISSION,
            topics=tuple(Topic.objects.filter(code="rkc")),
        )
        case = services.file_request(filing, user=None)
        if accepted:
            services.accept(case, user=None)
        expert, _ = Expert.objects.get_or_create(
            ref="EXP-MATRIX",
            defaults={"name": "Matrix Expert", "home": Member.objects.get(iso3="JPN")},
        )
        expert.expertise.add(*Topic.objects.filter(code="rkc"))
        return f"/requests/{case.pk}/{suffix}"

    return path


def desk_request(iso3, org_code, suffix=""):
    """A request for assistance of the Member `iso3` to `org_code`, filed by nobody (so no
    account shows on its page); `suffix` a move of it."""

    def path(cast):
        from stratmon.desk.models import Kind
        from stratmon.desk.services import Filing, file_request
        from stratmon.plans.models import Member, Organisation

        filing = Filing(
            organisation=Organisation.objects.get(code=org_code),
            member=Member.objects.get(iso3=iso3),
            subject=f"Mission for {iso3}",
            kind=Kind.MISSION,
        )
        case = file_request(filing, user=None, via="test")
        return f"/requests/{case.pk}/{suffix}"

    return path
