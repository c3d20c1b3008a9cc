"""An activity's page (`/activities/<ref>/`): its facts, its participants by gender and role,
its evaluation facts and the per-question results of its surveys (docs/surveys.md).

Who reads it: whoever sees the activity (access.visible_activities). Participants per Member
only for the Members in the reader's scope; survey answers in the respondents' words, and a
Member picker's count of Members beyond that scope, only for those who manage the surveys."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from stratmon.accounts import access
from stratmon.facts.models import Activity, Evaluation, Participation
from stratmon.surveys.definition import MEMBER
from stratmon.surveys.models import Survey
from stratmon.surveys.results import SurveyResults, results_of

GENDER_LABELS = dict(Participation.Gender.choices)
ROLE_LABELS = dict(Participation.Role.choices)


@dataclass(frozen=True)
class Participants:
    total: int
    by_gender: tuple[tuple[str, int], ...]  # (label, count), every gender
    by_role: tuple[tuple[str, int], ...]  # (label, count), the roles present
    by_member: tuple[tuple[str, str, int], ...]  # (ISO3, name, count), Members in scope


@dataclass(frozen=True)
class SurveyBlock:
    survey: Survey
    results: SurveyResults
    can_manage: bool

    @property
    def prefix(self) -> str:
        """Keeps the ids of two surveys' questions on one page apart."""
        return f"s{self.survey.pk}-"


@dataclass(frozen=True)
class ActivityPage:
    activity: Activity
    partners: tuple[str, ...]
    actions: tuple[Any, ...]
    participants: Participants
    evaluations: tuple[Evaluation, ...]
    surveys: tuple[SurveyBlock, ...]


def participants_of(activity: Activity, scope: Any) -> Participants:
    """Counts of the activity's participations (two queries)."""
    rows = list(
        activity.participations.order_by()
        .values("gender", "role")
        .annotate(n=Count("pk"))
        .values_list("gender", "role", "n")
    )
    genders = dict.fromkeys(GENDER_LABELS, 0)
    roles: dict[str, int] = {}
    for gender, role, n in rows:
        genders[gender] = genders.get(gender, 0) + n
        roles[role] = roles.get(role, 0) + n
    members = (
        activity.participations.filter(member__in=scope)
        .order_by()
        .values("member__iso3", "member__name")
        .annotate(n=Count("pk"))
        .order_by("member__name")
        .values_list("member__iso3", "member__name", "n")
    )
    return Participants(
        total=sum(n for *_, n in rows),
        by_gender=tuple((GENDER_LABELS.get(g, g), n) for g, n in genders.items()),
        by_role=tuple((ROLE_LABELS.get(r, r), roles[r]) for r in ROLE_LABELS if r in roles),
        by_member=tuple(members),
    )


def _within(results: SurveyResults, iso3s: set[str]) -> SurveyResults:
    """`results` with a Member picker's bars kept to the Members in `iso3s`."""
    questions = tuple(
        dataclasses.replace(q, bars=tuple(b for b in q.bars if b.key in iso3s))
        if q.type == MEMBER
        else q
        for q in results.questions
    )
    return dataclasses.replace(results, questions=questions)


def activity_page(user: Any, ref: str) -> ActivityPage:
    """The page's data for `user`; 404 when the activity is not one the user sees."""
    activity = get_object_or_404(
        access.visible_activities(user).select_related("host", "organiser"), ref=ref
    )
    scope = access.member_scope(user)
    surveys = list(
        Survey.objects.filter(activity=activity).select_related("form").order_by("opens", "pk")
    )
    managed = set(access.survey_organisations(user).values_list("pk", flat=True))
    full = [s for s in surveys if s.organisation_id in managed]
    partial = [s for s in surveys if s.organisation_id not in managed]
    found = {r.survey_id: r for r in results_of(full, with_text=True)} if full else {}
    if partial:
        iso3s = set(scope.values_list("iso3", flat=True))
        for r in results_of(partial, with_text=False):
            found[r.survey_id] = _within(r, iso3s)
    return ActivityPage(
        activity=activity,
        partners=tuple(activity.partners.order_by("name").values_list("name", flat=True)),
        # only the actions of plans the user reads: another organisation's plan stays unnamed
        actions=tuple(
            activity.actions.filter(plan__in=access.visible_plans(user))
            .select_related("plan")
            .order_by("plan__code", "pk")
        ),
        participants=participants_of(activity, scope),
        evaluations=tuple(activity.evaluations.order_by("ref")),
        surveys=tuple(SurveyBlock(s, found[s.pk], s.organisation_id in managed) for s in surveys),
    )


def activity_detail(request: HttpRequest, ref: str) -> HttpResponse:
    page = activity_page(request.user, ref)
    return render(request, "web/activity_detail.html", {"page": page, "a": page.activity})
