"""The public response page, `/s/<token>/`: one survey's form for someone without an account,
opened by a signed link (docs/surveys.md#the-response-page).

No CSRF token: a respondent has no session, so there is no ambient authority a cross-site
post could borrow; the capability is the signed token in the URL, which a forging site would
have to know, and could then use directly. A token in the page would also go stale in a page
kept open offline for hours. The throttle bounds what any client can send."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from stratmon.surveys import links, services, throttle
from stratmon.surveys.definition import Checked, Choices
from stratmon.surveys.links import Link

from .questions import shown_questions

TEMPLATE = "surveys/respond.html"
CLIENT_KEY = "client_key"


def _refusal(request: HttpRequest, reason: str, status: int, retry_after: int = 0) -> HttpResponse:
    response = render(
        request, "surveys/respond_refused.html", {"reason": reason, "status": status}, status=status
    )
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _form_page(
    request: HttpRequest,
    link: Link,
    token: str,
    choices: Choices,
    *,
    posted: Mapping[str, Sequence[str]] | None = None,
    checked: Checked | None = None,
    client_key: str = "",
    status: int = 200,
) -> HttpResponse:
    survey = link.survey
    errors = checked.errors if checked else {}
    shown = shown_questions(survey.form.definition(), choices, posted, errors)
    context = {
        "survey": survey,
        "activity": survey.activity,
        "intro": survey.form.intro,
        "questions": shown,
        "problems": [s for s in shown if s.error],
        "token": token,
        # A fresh one per page: the page's script keeps it with the saved answers, so a
        # resend after a dropped connection is stored once (services.submit).
        "client_key": client_key or secrets.token_urlsafe(18),
        "sent_back": posted is not None,
    }
    return render(request, TEMPLATE, context, status=status)


@login_not_required
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the form. POST: store the answer (the form again with each problem beside its
    question, 400) or thank (200). Refusals say why with their status: 404 forged or unknown,
    403 not yet open, 410 expired or used, 429 too many."""
    verdict = throttle.check(request, token)
    if not verdict.allowed:
        reason = (
            "Many answers are arriving from here just now. Please wait a minute and send "
            "again: your answers are kept on this device."
        )
        return _refusal(request, reason, 429, verdict.retry_after)
    client_key = request.POST.get(CLIENT_KEY, "").strip()[:40] if request.method == "POST" else ""
    try:
        link = links.find(token)
    except links.LinkError as refused:
        if refused.reason == links.USED and links.resent(token, client_key):
            return render(request, "surveys/respond_thanks.html", {"token": token})
        return _refusal(request, refused.reason, refused.status)
    choices = services.choices_for(link.survey)
    if request.method != "POST":
        return _form_page(request, link, token, choices)
    posted = {k: request.POST.getlist(k) for k in request.POST if k.startswith("q-")}
    try:
        stored, checked = services.submit(
            link.survey, link.invitation, posted, client_key=client_key, choices=choices
        )
    except services.Refused:
        if links.resent(token, client_key):  # the same page's answer, stored meanwhile
            return render(request, "surveys/respond_thanks.html", {"token": token})
        return _refusal(request, links.USED, 410)
    if stored is None:
        return _form_page(
            request, link, token, choices, posted=posted, checked=checked,
            client_key=client_key, status=400,
        )  # fmt: skip
    return render(request, "surveys/respond_thanks.html", {"token": token})
