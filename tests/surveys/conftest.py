"""The surveys' cast: the ROCB A/P organisation with its forms, a workshop, and surveys."""

import datetime

import pytest
from django.utils import timezone

from stratmon.facts.models import Activity
from stratmon.plans.models import Organisation
from stratmon.surveys import services
from stratmon.surveys.models import Form


@pytest.fixture
def rocb(builtin):
    services.load_templates()
    return Organisation.objects.get(code="rocb-ap")


@pytest.fixture
def workshop(rocb):
    return Activity.objects.create(
        ref="ACT-T-1",
        kind="workshop",
        title="Regional workshop on risk management",
        start=datetime.date(2026, 11, 2),
        end=datetime.date(2026, 11, 4),
        organiser=rocb,
    )


def survey_of_form(rocb, activity, code, title, *, days=7, **kw):
    """A survey of the organisation's form `code` about `activity`, open from an hour ago for
    `days` days (or `opens` to `closes`)."""
    form = Form.objects.get(organisation=rocb, code=code)
    now = timezone.now()
    plan = services.SurveyPlan(
        form=form,
        title=title,
        activity=activity,
        opens=kw.pop("opens", now - datetime.timedelta(hours=1)),
        closes=kw.pop("closes", now + datetime.timedelta(days=days)),
        **kw,
    )
    return services.open_survey(plan, user=None)


def evaluation_survey(rocb, activity, **kw):
    return survey_of_form(rocb, activity, "participant-evaluation", "Evaluation", **kw)


def impact_survey(rocb, activity, **kw):
    return survey_of_form(rocb, activity, "impact-follow-up", "Impact follow-up", days=3, **kw)
