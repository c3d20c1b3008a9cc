"""The Secretariat's survey pages: the list, one survey (its link and QR code, its single-use
links, its window) and the exports of its responses. Respondents' answers are only in the
exports, never on these pages."""

from __future__ import annotations

import datetime
import io
from typing import Any

import segno
from django.contrib import messages
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_GET, require_http_methods

from stratmon.accounts import access
from stratmon.facts.models import Participation

from .. import exports, links, managing, services
from ..models import Invitation, Response, Survey
from .forms import VIA, require_manager

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WINDOW_INPUT = "%Y-%m-%dT%H:%M"


def parse_local(text: str) -> datetime.datetime | None:
    """A datetime-local input's value (in the site's time zone); None when it is not one."""
    try:
        value = parse_datetime(text.strip())
    except ValueError:
        return None
    if value is None:
        return None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def status_of(survey: Survey, now: datetime.datetime) -> str:
    if now < survey.opens:
        return "not yet open"
    return "closed" if now >= survey.closes else "open"


def _managed(request: HttpRequest, pk: int) -> Survey:
    """The survey `pk` of one of the user's organisations (403 before: not the Secretariat)."""
    require_manager(request)
    surveys = access.visible_surveys(request.user).select_related(
        "form", "activity", "organisation", "recorded_activity"
    )
    return get_object_or_404(surveys, pk=pk)


@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    require_manager(request)
    surveys = (
        access.visible_surveys(request.user)
        .select_related("form", "activity")
        .annotate(answers=_count(Response), links=_count(Invitation))
        .order_by("-opens", "-pk")
    )
    now = timezone.now()
    rows = [{"survey": s, "status": status_of(s, now)} for s in surveys]
    return render(request, "surveys/survey_list.html", {"rows": rows})


def _count(model: Any) -> Coalesce:
    """How many rows of `model` a survey has, as a subquery: two joined counts would multiply
    each other's rows."""
    rows = model.objects.filter(survey=OuterRef("pk")).order_by().values("survey")
    counted = rows.annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def open_url(request: HttpRequest, survey: Survey) -> str:
    return request.build_absolute_uri(links.url_of(survey.key))


@require_GET
def survey_qr(request: HttpRequest, pk: int) -> HttpResponse:
    """The open link as a QR code (SVG): `?size=print` for a printed page."""
    survey = _managed(request, pk)
    if not survey.open_link:
        raise Http404("This survey has no open link.")
    scale = 16 if request.GET.get("size") == "print" else 6
    out = io.BytesIO()
    segno.make(open_url(request, survey), error="m").save(
        out, kind="svg", scale=scale, border=2, title=survey.title[:100]
    )
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


def _participants(survey: Survey) -> list[Participation]:
    """The activity's participants who have no single-use link yet."""
    if survey.activity is None:
        return []
    invited = Invitation.objects.filter(survey=survey, participation__isnull=False)
    return list(
        Participation.objects.filter(activity=survey.activity)
        .exclude(pk__in=invited.values("participation_id"))
        .select_related("member")
        .order_by("person", "pk")
    )


def _invite_participants(request: HttpRequest, survey: Survey) -> str:
    chosen = [p for p in _participants(survey) if request.POST.get(f"p-{p.pk}") == "on"]
    if not chosen:
        return "Choose at least one participant."
    people = [
        services.Invitee(
            name=p.person,
            email=request.POST.get(f"email-{p.pk}", "").strip(),
            member=p.member,
            participation=p,
        )
        for p in chosen
    ]
    bad = [p.name or "a participant" for p in people if p.email and not _is_email(p.email)]
    if bad:
        return f"E-mail of {bad[0]}: give an address such as name@customs.gov."
    services.invite(survey, people, user=request.user, via=VIA)
    messages.success(request, f"{len(people)} single-use link{'s' * (len(people) > 1)} added.")
    return ""


def _is_email(text: str) -> bool:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    try:
        validate_email(text)
    except ValidationError:
        return False
    return len(text) <= 254  # the longest address the database column holds


def _send(request: HttpRequest, survey: Survey) -> str:
    due = list(
        survey.invitations.filter(used_at__isnull=True, sent_at__isnull=True).exclude(email="")
    )
    if not due:
        return "No link waits to be sent: every link with an e-mail address was sent or used."
    base = request.build_absolute_uri("/")
    sent = managing.send_invitations(survey, due, request.user, base_url=base)
    if sent.count:
        messages.success(request, f"{sent.count} link{'s' * (sent.count > 1)} sent by e-mail.")
    if sent.problem:
        return f"Sending stopped: {sent.problem}. The links not sent can be sent again."
    return ""


def _window(request: HttpRequest, survey: Survey) -> str:
    if request.POST.get("action") == "close":
        managing.close_now(survey, user=request.user, via=VIA)
        messages.success(request, "The survey is closed: its links take no more answers.")
        return ""
    closes = parse_local(request.POST.get("closes", ""))
    if closes is None:
        return "Closes: give a date and time, e.g. 2026-12-31T17:00."
    try:
        managing.change_window(survey, closes=closes, user=request.user, via=VIA)
    except managing.WindowError:
        return "Closes: the survey must close after it opens."
    messages.success(request, "The survey's window is changed.")
    return ""


ACTIONS = {"invite": _invite_participants, "send": _send, "close": _window, "window": _window}


@require_http_methods(["GET", "POST"])
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = _managed(request, pk)
    problem, status = "", 200
    if request.method == "POST":
        act = ACTIONS.get(request.POST.get("action", ""))
        problem = act(request, survey) if act else "Choose what to do."
        if not problem:
            return redirect("survey-detail", pk=survey.pk)
        status = 400
    invitations = list(survey.invitations.select_related("member").order_by("name", "pk"))
    now = timezone.now()
    context: dict[str, Any] = {
        "survey": survey,
        "status": status_of(survey, now),
        "open_url": open_url(request, survey) if survey.open_link else "",
        "responses": survey.responses.count(),
        "invitations": [
            {"i": i, "url": request.build_absolute_uri(links.url_of(i.key))} for i in invitations
        ],
        "unsent": sum(1 for i in invitations if i.email and not i.sent_at and not i.used_at),
        "participants": _participants(survey),
        "closes_value": timezone.localtime(survey.closes).strftime(WINDOW_INPUT),
        "problem": problem,
    }
    return render(request, "surveys/survey_detail.html", context, status=status)


@require_GET
def survey_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The responses as `fmt`: xlsx or csv (any other is no page)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404("Responses download as .xlsx or .csv.")
    survey = _managed(request, pk)
    table = exports.response_table(survey)
    name = f"survey-{survey.pk}-responses.{fmt}"
    if fmt == "csv":
        response = HttpResponse(exports.as_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(exports.as_xlsx(table, survey.title), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
