"""Surveys: who builds forms, sends surveys and reads their answers. Part of the access rules:
callers ask `stratmon.accounts.access`. Respondents need no account: a signed link is their
only right, and it opens one survey's form and nothing else (stratmon.surveys.links)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from stratmon.plans.models import Organisation

from .access import SECRETARIAT, Kind, _may, _organisations


def survey_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose forms and surveys the user builds, sends and reads in full
    (answers in the respondents' words included): their Secretariat, and superusers."""
    return _organisations(user, SECRETARIAT)


def can_manage_surveys(user: Any, organisation: Organisation | None = None) -> bool:
    """Whether the user manages the surveys of `organisation` (of any, when None). Decided
    from the role alone, without a query: the navigation asks it on every page."""
    return _may(user, SECRETARIAT, organisation)


def visible_surveys(user: Any) -> QuerySet[Any]:
    """The surveys the user manages and reads in full."""
    from stratmon.surveys.models import Survey

    return Survey.objects.filter(organisation__in=survey_organisations(user))


def priorities_organisations(user: Any) -> QuerySet[Organisation]:
    """Organisations whose needs-assessment priorities (ratings counted over Members, no
    respondent's own words) the user reads: the Secretariat and the organisation's viewers."""
    return _organisations(user, (*SECRETARIAT, Kind.VIEWER))
