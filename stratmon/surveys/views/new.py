"""A new survey: choose a form (its latest version), then its activity or year, its window
and its links. Defaults follow the form's purpose (docs/surveys.md)."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from stratmon.accounts import access
from stratmon.facts.models import Activity

from .. import services
from ..models import Form, Purpose
from .forms import VIA, require_manager
from .surveys import parse_local

EVALUATION_DAYS_AFTER = 14  # an evaluation closes two weeks after the activity ends
ROUND_DAYS = 30  # a needs round or an impact follow-up stays open a month
MONTHS_DEFAULT = 6
ACTIVITY_PURPOSES = (Purpose.EVALUATION, Purpose.IMPACT)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved `months` later, on the month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def _at(day: datetime.date, hour: int = 0, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


@dataclass
class Window:
    opens: datetime.datetime
    closes: datetime.datetime


def default_window(
    purpose: str, activity: Activity | None, months: int, now: datetime.datetime
) -> Window:
    """The window a survey of `purpose` gets when none is given: an evaluation from now to
    14 days after its activity ends; an impact follow-up from `months` after the activity
    ends, for a month; other surveys from now, for a month."""
    if purpose == Purpose.EVALUATION and activity is not None:
        closes = _at(activity.end + datetime.timedelta(days=EVALUATION_DAYS_AFTER), 23, 59)
        return Window(now, max(closes, now + datetime.timedelta(days=1)))
    if purpose == Purpose.IMPACT and activity is not None:
        opens = _at(add_months(activity.end, months))
        return Window(opens, opens + datetime.timedelta(days=ROUND_DAYS))
    return Window(now, now + datetime.timedelta(days=ROUND_DAYS))


def _choose_form(request: HttpRequest) -> HttpResponse:
    orgs = access.survey_organisations(request.user).order_by("name")
    # A link from elsewhere (a delivered request) may name the purpose and the activity:
    # only that purpose's forms are offered, and the activity is carried to the next step.
    purpose = request.GET.get("purpose", "")
    forms = [
        (org, [f for f in services.latest_forms(org) if f.purpose == purpose or not purpose])
        for org in orgs
    ]
    activity = request.GET.get("activity", "")
    carry = f"&{urlencode({'activity': activity})}" if activity else ""
    return render(request, "surveys/survey_new_form.html", {"forms": forms, "carry": carry})


@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest) -> HttpResponse:
    require_manager(request)
    chosen = request.POST.get("form") or request.GET.get("form", "")
    orgs = access.survey_organisations(request.user)
    form = (
        Form.objects.filter(pk=chosen, organisation__in=orgs).select_related("organisation").first()
        if chosen.isdigit()
        else None
    )
    if form is None:
        return _choose_form(request)
    # Always the latest version of the form chosen.
    versions = Form.objects.filter(organisation=form.organisation, code=form.code)
    form = versions.select_related("organisation").order_by("-version")[0]
    activities = list(
        Activity.objects.filter(organiser=form.organisation).order_by("-start", "title")
    )
    now = timezone.now().replace(second=0, microsecond=0)
    post = request.POST
    values = {
        "title": post.get("title", ""),
        "activity": post.get("activity", "")
        if request.method == "POST"
        else _activity_named(activities, request.GET.get("activity", "")),
        "opens": post.get("opens", ""),
        "closes": post.get("closes", ""),
        "months": post.get("months", str(MONTHS_DEFAULT)),
        "year": post.get("year", str(timezone.localdate().year)),
        "open_link": post.get("open_link") == "on"
        if request.method == "POST"
        else form.purpose in (Purpose.EVALUATION, Purpose.OTHER),
        "focal_links": post.get("focal_links") == "on" if request.method == "POST" else True,
    }
    problem = ""
    if request.method == "POST":
        problem, survey = _create(request, form, activities, values, now)
        if survey is not None:
            return redirect("survey-detail", pk=survey.pk)
    context = {
        "form": form,
        "activities": activities,
        "values": values,
        "problem": problem,
        "needs_activity": form.purpose in ACTIVITY_PURPOSES,
        "is_needs": form.purpose == Purpose.NEEDS,
        "is_impact": form.purpose == Purpose.IMPACT,
        "evaluation_days": EVALUATION_DAYS_AFTER,
        "round_days": ROUND_DAYS,
    }
    return render(request, "surveys/survey_new.html", context, status=400 if problem else 200)


def _activity_named(activities: list[Activity], ref: str) -> str:
    """The id of the activity whose ref a link named, to preselect it ("" if none)."""
    return next((str(a.pk) for a in activities if ref and a.ref == ref), "")


def _create(
    request: HttpRequest,
    form: Form,
    activities: list[Activity],
    values: dict[str, Any],
    now: datetime.datetime,
) -> tuple[str, Any]:
    """The problem with the posted values (naming the field), or the survey created."""
    activity = next((a for a in activities if str(a.pk) == values["activity"]), None)
    if form.purpose in ACTIVITY_PURPOSES and activity is None:
        return "Activity: choose the activity this survey is about.", None
    months = values["months"].strip()
    if form.purpose == Purpose.IMPACT and not (months.isdigit() and 1 <= int(months) <= 60):
        return "Months after the activity: give a whole number from 1 to 60.", None
    year = values["year"].strip()
    if form.purpose == Purpose.NEEDS and not (year.isdigit() and 2000 <= int(year) <= 2100):
        return "Year: give the round's year, e.g. 2026.", None
    window = default_window(form.purpose, activity, int(months or MONTHS_DEFAULT), now)
    opens = parse_local(values["opens"]) if values["opens"] else window.opens
    if opens is None:
        return "Opens: give a date and time, e.g. 2026-12-01T09:00.", None
    closes = parse_local(values["closes"]) if values["closes"] else window.closes
    if closes is None:
        return "Closes: give a date and time, e.g. 2026-12-31T17:00.", None
    if closes <= opens:
        return "Closes: the survey must close after it opens.", None
    focal = form.purpose == Purpose.NEEDS and values["focal_links"]
    if not values["open_link"] and not focal and activity is None:
        return "Links: choose the open link, or one link per focal point.", None
    plan = services.SurveyPlan(
        form=form,
        title=values["title"] or (f"{form.title}: {activity.title}" if activity else form.title),
        opens=opens,
        closes=closes,
        activity=activity,
        open_link=values["open_link"],
        year=int(year) if form.purpose == Purpose.NEEDS else None,
        focal_links=bool(focal),
    )
    return "", services.open_survey(plan, user=request.user, via=VIA)
