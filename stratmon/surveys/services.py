"""Every write of the surveys app: forms and their versions, surveys, invitations and
responses. Web pages, the CLI and tests call these and nothing else; each lands in the
change history."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from stratmon.accounts.models import Role
from stratmon.concurrency import take_write_turn
from stratmon.facts.models import Activity, Participation
from stratmon.history.recording import record_change
from stratmon.plans.models import Action, Member, Organisation

from . import feeding
from .definition import Checked, Choices, check_answers, parse_form
from .links import new_key
from .models import NEEDS_BY_PURPOSE, Form, Invitation, Response, Survey

BUILTIN = resources.files("stratmon.surveys") / "builtin"
VIA_SURVEY = "survey"


def builtin_forms() -> list[dict[str, Any]]:
    """The shipped templates, as data (builtin/forms.yaml)."""
    entries: list[dict[str, Any]] = yaml.safe_load(
        (BUILTIN / "forms.yaml").read_text(encoding="utf-8")
    )
    return entries


@transaction.atomic
def load_templates(organisations: Iterable[Organisation] | None = None) -> int:
    """Give each organisation the shipped forms it lacks (by code); returns how many forms
    were created. A form an organisation already has, edited or not, is left alone."""
    orgs = list(organisations if organisations is not None else Organisation.objects.all())
    have = set(Form.objects.filter(organisation__in=orgs).values_list("organisation", "code"))
    made = []
    for org in orgs:
        for entry in builtin_forms():
            if (org.pk, entry["code"]) in have:
                continue
            parse_form(entry["questions"], needs=NEEDS_BY_PURPOSE[entry["purpose"]])
            made.append(
                Form(
                    organisation=org,
                    code=entry["code"],
                    title=entry["title"],
                    purpose=entry["purpose"],
                    intro=entry.get("intro", ""),
                    questions=entry["questions"],
                )
            )
    Form.objects.bulk_create(made)
    for org in {f.organisation for f in made}:
        codes = [f"{org.code}/{f.code}/v1" for f in made if f.organisation == org]
        record_change(
            user=None, via="init", model=Form, verb="created", refs=codes, organisation=org
        )
    return len(made)


def form_ref(form: Form) -> str:
    return f"{form.organisation.code}/{form.code}/v{form.version}"


@transaction.atomic
def save_form(
    form: Form, *, title: str, intro: str, questions: Any, user: Any, via: str = "web"
) -> Form:
    """Save `questions` (checked by definition.parse_form: FormError names each problem) as
    `form`'s content. A form that has responses stays as it is and the change becomes the next
    version; the version returned is the one that holds the change."""
    parsed = parse_form(questions, needs=NEEDS_BY_PURPOSE.get(form.purpose, ()))
    data = parsed.as_data()
    before = {"title": form.title, "intro": form.intro, "questions": form.questions}
    after = {"title": title.strip() or form.title, "intro": intro.strip(), "questions": data}
    if before == after:
        return form
    if form.pk is not None and Response.objects.filter(form=form).exists():
        latest = Form.objects.filter(organisation=form.organisation, code=form.code).order_by(
            "-version"
        )[0]
        form = Form(
            organisation=form.organisation,
            code=form.code,
            version=latest.version + 1,
            purpose=form.purpose,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        verb = "created"
    else:
        verb = "updated" if form.pk is not None else "created"
    form.title, form.intro, form.questions = after["title"], after["intro"], after["questions"]
    form.save()
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    record_change(
        user=user,
        via=via,
        model=Form,
        verb=verb,
        refs=[form_ref(form)],
        details={form_ref(form): after if verb == "created" else changed},
        organisation=form.organisation,
    )
    return form


def latest_forms(organisation: Organisation) -> list[Form]:
    """The newest version of each of the organisation's forms."""
    forms = Form.objects.filter(organisation=organisation).order_by("code", "-version")
    seen: set[str] = set()
    return [f for f in forms if not (f.code in seen or seen.add(f.code))]


@dataclass(frozen=True)
class SurveyPlan:
    """What a new survey needs; the pages fill it from their forms."""

    form: Form
    title: str
    opens: datetime.datetime
    closes: datetime.datetime
    activity: Activity | None = None
    open_link: bool = True
    year: int | None = None
    actions: Sequence[Action] = ()
    focal_links: bool = False  # one single-use link per current Member, for its focal point


@transaction.atomic
def open_survey(plan: SurveyPlan, *, user: Any, via: str = "web") -> Survey:
    """Create a survey of `plan.form` (the exact version, so later edits never change what
    respondents see) open from `opens` to `closes`."""
    if plan.closes <= plan.opens:
        raise ValueError("a survey must close after it opens")
    survey = Survey.objects.create(
        organisation=plan.form.organisation,
        form=plan.form,
        title=plan.title.strip()[:300] or plan.form.title,
        activity=plan.activity,
        opens=plan.opens,
        closes=plan.closes,
        open_link=plan.open_link,
        key=new_key(),
        year=plan.year,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    survey.actions.set(plan.actions)
    if plan.focal_links:
        invitees = focal_point_invitees(survey.organisation, timezone.localdate())
        invite(survey, invitees, user=user, via=via)
    record_change(
        user=user,
        via=via,
        model=Survey,
        verb="created",
        refs=[survey_ref(survey)],
        details={survey_ref(survey): _survey_values(survey)},
        organisation=survey.organisation,
    )
    return survey


def survey_ref(survey: Survey) -> str:
    return f"SRV-{survey.pk}"


def invitation_ref(invitation: Invitation) -> str:
    """How the history names a single-use link: its survey and the key's first characters
    (never the whole key, which is the link's secret)."""
    return f"{survey_ref(invitation.survey)}/link-{invitation.key[:6]}"


def _survey_values(survey: Survey) -> dict[str, Any]:
    values = {
        "title": survey.title,
        "form": form_ref(survey.form),
        "activity": survey.activity.ref if survey.activity else "",
        "opens": survey.opens.isoformat(),
        "closes": survey.closes.isoformat(),
        "open_link": survey.open_link,
        "year": survey.year,
    }
    return {k: v for k, v in values.items() if v not in ("", None)}


@dataclass(frozen=True)
class Invitee:
    name: str = ""
    email: str = ""
    member: Member | None = None
    participation: Participation | None = None


@transaction.atomic
def invite(survey: Survey, people: Sequence[Invitee], *, user: Any, via: str = "web") -> list[Any]:
    """One single-use link per person in `people`."""
    made = Invitation.objects.bulk_create(
        [
            Invitation(
                survey=survey,
                key=new_key(),
                name=p.name.strip()[:200],
                email=p.email.strip(),
                member=p.member,
                participation=p.participation,
            )
            for p in people
        ]
    )
    if made:
        record_change(
            user=user,
            via=via,
            model=Invitation,
            verb="created",
            refs=[invitation_ref(i) for i in made],
            details={"survey": survey_ref(survey), "links": len(made)},
            organisation=survey.organisation,
            members=[p.member for p in people if p.member],
        )
    return made


def focal_point_invitees(organisation: Organisation, today: datetime.date) -> list[Any]:
    """One invitee per current Member of `organisation`, with the e-mail of its focal point
    (the first active one with an address), if any."""
    members = list(
        Member.objects.filter(
            Q(memberships__left__isnull=True) | Q(memberships__left__gt=today),
            memberships__organisation=organisation,
        )
        .distinct()
        .order_by("name")
    )
    emails: dict[int, str] = {}
    roles = Role.objects.filter(
        kind=Role.Kind.FOCAL_POINT, member__in=members, user__is_active=True
    ).exclude(user__email="")
    for member_id, email in roles.order_by("pk").values_list("member_id", "user__email"):
        emails.setdefault(member_id, email)
    return [Invitee(name=m.name, email=emails.get(m.pk, ""), member=m) for m in members]


def choices_for(survey: Survey) -> Choices:
    """What the Member and topic pickers of `survey` offer: the organisation's Members, and
    every topic."""
    from stratmon.facts.models import Topic

    members = Member.objects.filter(memberships__organisation_id=survey.organisation_id)
    members = members.order_by("name")
    return Choices(
        members=tuple(members.values_list("iso3", "name")),
        topics=tuple(Topic.objects.order_by("name").values_list("code", "name")),
    )


class Refused(Exception):
    """A response that cannot be stored: the link was used meanwhile (single-use)."""


def submit(
    survey: Survey,
    invitation: Invitation | None,
    posted: Mapping[str, Sequence[str]],
    *,
    client_key: str = "",
    choices: Choices | None = None,
) -> tuple[Response | None, Checked]:
    """Check `posted` against the survey's form and store it as one response, then feed the
    facts it counts for (feeding.after_response), all or nothing. Returns (None, problems)
    when an answer is refused; raises Refused when a single-use link was used meanwhile. A
    response resent with the same `client_key` is the stored one, not a second."""
    checked = check_answers(survey.form.definition(), posted, choices or choices_for(survey))
    if checked.errors:
        return None, checked
    client_key = client_key.strip()[:40]
    with transaction.atomic():
        take_write_turn()
        if client_key:
            again = Response.objects.filter(survey=survey, client_key=client_key).first()
            if again is not None:
                return again, checked
        if invitation is not None:
            # Refetched inside the write turn: two tabs posting one link store one response.
            fresh = Invitation.objects.select_for_update().get(pk=invitation.pk)
            if fresh.used_at is not None:
                raise Refused("this link has already been used")
            fresh.used_at = timezone.now()
            fresh.save(update_fields=["used_at"])
        response = Response(
            survey=survey,
            form=survey.form,
            invitation=invitation,
            answers=checked.answers,
            client_key=client_key,
            member=_member_of(survey, invitation, checked.answers),
        )
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError as error:
            raise Refused("this answer was stored already") from error
        record_change(
            user=None,
            via=VIA_SURVEY,
            model=Response,
            verb="created",
            refs=[f"{survey_ref(survey)}/response-{response.pk}"],
            details={"survey": survey_ref(survey), "form": form_ref(survey.form)},
            organisation=survey.organisation,
            members=[response.member] if response.member else [],
        )
        feeding.after_response(response)
    return response, checked


def _member_of(
    survey: Survey, invitation: Invitation | None, answers: Mapping[str, Any]
) -> Member | None:
    if invitation is not None and invitation.member_id:
        return invitation.member
    question = survey.form.definition().feeding("member")
    code = answers.get(question.id) if question else None
    return Member.objects.filter(iso3=code).first() if code else None
