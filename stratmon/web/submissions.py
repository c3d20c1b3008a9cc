"""Pages of Members' submissions: a focal point's own list, one submission with its steps,
and the Secretariat's review inbox with bulk approval."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from stratmon.accounts import access
from stratmon.facts.models import Topic
from stratmon.facts.workbook.reader import WorkbookError
from stratmon.facts.workbook.sheets import BY_NAME
from stratmon.submissions import services
from stratmon.submissions.models import Submission

PAGE = 50
State = Submission.State


def _listed(request: HttpRequest) -> Any:
    return access.visible_submissions(request.user).select_related(
        "member", "topic", "created_by", "reviewed_by"
    )


@require_GET
def submission_list(request: HttpRequest) -> HttpResponse:
    """A focal point's submissions (every state), or everything the Secretariat may read."""
    member = access.reporting_member(request.user)
    if member is None and not access.can_review(request.user):
        raise PermissionDenied("Submissions are for focal points and the Secretariat.")
    found = _listed(request)
    state = request.GET.get("state", "")
    if state in State.values:
        found = found.filter(state=state)
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/submission_list.html",
        {
            "page": page,
            "member": member,
            "kinds": Submission.Kind.choices,
            "states": State.choices,
            "state": state,
        },
    )


@require_GET
def review_inbox(request: HttpRequest) -> HttpResponse:
    """Submissions waiting for review, oldest first, filtered by Member, topic, kind, age."""
    if not access.can_review(request.user):
        raise PermissionDenied("Only the Secretariat reviews submissions.")
    found = _listed(request).filter(state=State.SUBMITTED).order_by("submitted_at", "pk")
    chosen = {k: request.GET.get(k, "") for k in ("member", "topic", "kind", "older_than")}
    if chosen["member"]:
        found = found.filter(member__iso3=chosen["member"])
    if chosen["topic"]:
        found = found.filter(topic__code=chosen["topic"])
    if chosen["kind"]:
        found = found.filter(kind=chosen["kind"])
    if chosen["older_than"].isdigit():
        days = int(chosen["older_than"])
        found = found.filter(submitted_at__lte=timezone.now() - datetime.timedelta(days=days))
    page = Paginator(found, PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "chosen": chosen,
        "members": access.member_scope(request.user).order_by("name"),
        "topics": Topic.objects.order_by("name"),
        "kinds": Submission.Kind.choices,
        "ages": [("", "any age"), ("7", "over a week"), ("30", "over a month")],
        "now": timezone.now(),
    }
    return render(request, "web/review_inbox.html", context)


@require_POST
def review_bulk_approve(request: HttpRequest) -> HttpResponse:
    if not access.can_review(request.user):
        raise PermissionDenied("Only the Secretariat reviews submissions.")
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    chosen = list(_listed(request).filter(pk__in=ids, state=State.SUBMITTED).order_by("pk"))
    if not chosen:
        messages.error(request, "Tick the submissions to approve.")
        return redirect("review-inbox")
    result = services.bulk_approve(request.user, chosen)
    if result.approved:
        names = ", ".join(f"#{s.pk}" for s in result.approved)
        messages.success(request, f"Approved {len(result.approved)}: {names}.")
    for submission, why in result.refused:
        messages.error(request, f"#{submission.pk} not approved: {why}")
    return redirect("review-inbox")


def _get(request: HttpRequest, pk: int) -> Submission:
    found = _listed(request).filter(pk=pk).first()
    if found is None:
        raise Http404("No such submission.")
    return found


@require_GET
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _get(request, pk)
    return render(request, "web/submission_detail.html", _detail_context(request, submission))


def _detail_context(request: HttpRequest, submission: Submission, **extra: Any) -> dict[str, Any]:
    own = access.can_submit_for(request.user, submission.member)
    reviewer = access.can_review_submission(request.user, submission)
    tables = []
    for name, rows in submission.rows.items():
        sheet = BY_NAME[name]
        columns = [c for c in sheet.header if c != "id" and any(r.get(c) for r in rows)]
        body = [[_shown(r.get(c)) for c in columns] for r in rows]
        tables.append({"name": name.replace("_", " "), "columns": columns, "rows": body})
    return {
        "s": submission,
        "tables": tables,
        "can_edit": own and submission.state in services.EDITABLE,
        "can_submit": own and submission.state in services.STEPS["submit"][0],
        "can_withdraw": own and submission.state in services.STEPS["withdraw"][0],
        "can_review": reviewer and submission.state == State.SUBMITTED,
        **extra,
    }


def _shown(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith("new:"):
        return "(this activity)"
    return str(value)


STEP_FUNCTIONS = {
    "submit": lambda user, s, comment, version: services.submit(user, s, version=version),
    "withdraw": lambda user, s, comment, version: services.withdraw(user, s, version=version),
    "return": lambda user, s, comment, version: services.return_(user, s, comment, version=version),
    "approve": lambda user, s, comment, version: services.approve(
        user, s, comment, version=version
    ),
    "reject": lambda user, s, comment, version: services.reject(user, s, comment, version=version),
}


@require_POST
def submission_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Take one step (submit, withdraw, return, approve, reject) from the submission's page."""
    if step not in STEP_FUNCTIONS:
        raise Http404("No such step.")
    submission = _get(request, pk)
    version_text = request.POST.get("version", "")
    version = int(version_text) if version_text.isdigit() else None
    comment = request.POST.get("comment", "")
    try:
        done = STEP_FUNCTIONS[step](request.user, submission, comment, version)
    except services.SubmissionError as exc:
        context = _detail_context(request, submission, error=str(exc), comment=comment)
        return render(request, "web/submission_detail.html", context, status=409)
    except WorkbookError as exc:
        context = _detail_context(request, submission, problems=exc.problems, comment=comment)
        return render(request, "web/submission_detail.html", context, status=400)
    messages.success(request, f"Submission #{done.pk} {services.PAST[step]}.")
    if step in ("approve", "return", "reject") and request.POST.get("next") == "inbox":
        return redirect("review-inbox")
    return redirect("submission-detail", pk=done.pk)
