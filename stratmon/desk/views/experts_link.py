"""`/x/<token>/`: an expert's own profile update, opened by a single-use signed link, no account
(stratmon.desk.profile_links). The page shows their languages, topics, unavailable periods and
accreditation; what they send waits for the Secretariat's review, nothing changes before.

No CSRF token, for the survey response page's reason (stratmon.surveys.views.respond): the
expert has no session, so there is no ambient authority a cross-site post could borrow; the
capability is the signed token in the URL. It is throttled as that page is, at limits of its own
(one expert, not a room: settings.EXPERT_LINK_*)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from stratmon.surveys import throttle

from .. import experts as service
from .. import profile_links
from ..models import ProfileUpdate, Unavailability
from .experts_forms import UpdateForm


def _refusal(request: HttpRequest, reason: str, status: int, retry_after: int = 0) -> HttpResponse:
    context = {"reason": reason, "status": status}
    response = render(request, "desk/profile_refused.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _limits() -> throttle.Limits:
    return throttle.Limits(
        settings.EXPERT_LINK_POSTS_PER_ADDRESS,
        settings.EXPERT_LINK_POSTS_PER_LINK,
        settings.EXPERT_LINK_VIEWS_PER_ADDRESS,
    )


@login_not_required
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def profile_update(request: HttpRequest, token: str) -> HttpResponse:
    """GET: the form. POST: keep the proposal (200, thanks) or the form with each problem
    beside its field (400). 404 forged or unknown, 410 used or expired, 429 too many."""
    verdict = throttle.check(request, token, scope="expert-link", limits=_limits())
    if not verdict.allowed:
        reason = "Too many requests from here just now. Please wait a minute and try again."
        return _refusal(request, reason, 429, verdict.retry_after)
    try:
        update = profile_links.find(token)
    except profile_links.LinkError as refused:
        return _refusal(request, refused.reason, refused.status)
    expert = update.expert
    posted = request.method == "POST"
    form = UpdateForm(
        request.POST if posted else None, request.FILES if posted else None, expert=expert
    )
    if posted and form.is_valid():
        try:
            service.submit_update(update, form.wanted(), form.cleaned_data.get("cv"))
        except ProfileUpdate.DoesNotExist:
            return _refusal(request, profile_links.USED, 410)
        except ValidationError as exc:
            for name, problems in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, problems)
        else:
            return render(request, "desk/profile_thanks.html", {"expert": expert})
    context = {
        "expert": expert,
        "form": form,
        "unavailable": list(Unavailability.objects.filter(expert=expert).order_by("start")),
        "token": token,
    }
    return render(request, "desk/profile_update.html", context, status=400 if posted else 200)
