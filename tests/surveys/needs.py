"""Needs-assessment rounds for the tests: a survey of an organisation's training-needs form,
one link per Member, and answers given through the public path (services.submit)."""

import datetime

from django.utils import timezone

from stratmon.plans.models import Member
from stratmon.surveys import services
from stratmon.surveys.models import Form, Invitation, Response


def needs_round(org, year, invite=(), *, form=None, opens=None):
    """A needs survey of `org` for `year`, inviting the Members `invite` (ISO3 codes)."""
    form = (
        form or Form.objects.filter(organisation=org, code="training-needs").order_by("-version")[0]
    )
    opens = opens or timezone.make_aware(datetime.datetime(year, 3, 1, 9))
    plan = services.SurveyPlan(
        form=form,
        title=f"Training needs {year}",
        opens=opens,
        closes=opens + datetime.timedelta(days=60),
        open_link=False,
        year=year,
    )
    survey = services.open_survey(plan, user=None)
    people = [services.Invitee(member=Member.objects.get(iso3=c)) for c in invite]
    services.invite(survey, people, user=None)
    return survey


def answer(survey, iso3, ratings, *, link=True):
    """`iso3`'s focal point rates topics {code: rating}, on its link (else the open link)."""
    invitation = (
        Invitation.objects.filter(survey=survey, member__iso3=iso3, used_at__isnull=True).first()
        if link
        else None
    )
    question = survey.form.definition().feeding("needs")
    posted = {"q-member": [iso3]}
    posted |= {f"q-{question.id}-{code}": [str(r)] for code, r in ratings.items()}
    response, checked = services.submit(survey, invitation, posted)
    assert response is not None, checked.errors
    return response


def rescale(org, scale):
    """The next version of `org`'s needs form, rating on 1..`scale` (it has answers)."""
    form = Form.objects.filter(organisation=org, code="training-needs").order_by("-version")[0]
    questions = [dict(q) for q in form.questions]
    for q in questions:
        if q["id"] == "needs":
            q["scale"] = scale
    return services.save_form(
        form, title=form.title, intro=form.intro, questions=questions, user=None
    )


def responses_of(survey):
    return Response.objects.filter(survey=survey)
