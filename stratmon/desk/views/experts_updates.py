"""`/experts/updates/`: the Secretariat's queue of profile updates experts sent through their
links, each shown as its differences from the profile, to accept or reject with a note."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from stratmon.facts.models import Expert, Topic
from stratmon.facts.workbook import WorkbookError

from .. import experts as service
from ..models import ProfileUpdate
from .experts import require_pool


@dataclass(frozen=True)
class Difference:
    label: str
    now: str
    proposed: str


@dataclass(frozen=True)
class Pending:
    update: ProfileUpdate
    differences: list[Difference]
    error: str = ""


def differences(
    update: ProfileUpdate, expert: Expert, topics: dict[str, str], own: list[str]
) -> list[Difference]:
    """What accepting `update` would change, field by field (`own`: the expert's topic codes)."""
    p = update.proposed
    found = []
    if "languages" in p:
        found.append(Difference("Languages", expert.languages or "—", p["languages"] or "—"))
    if "expertise" in p:

        def names(codes: list[str]) -> str:
            return "; ".join(topics.get(c, c) for c in codes) or "—"

        found.append(Difference("Topics of expertise", names(own), names(p["expertise"])))
    if "accredited_on" in p or "accredited_until" in p:
        now = f"{_day(expert.accredited_on)} to {_day(expert.accredited_until)}"
        then = f"{p.get('accredited_on', '—')} to {p.get('accredited_until', '—')}"
        found.append(Difference("Accreditation", now, then))
    for period in p.get("unavailable", ()):
        note = f" ({period['note']})" if period.get("note") else ""
        found.append(
            Difference("Unavailable (new)", "—", f"{period['start']} to {period['end']}{note}")
        )
    if update.cv_id:
        found.append(Difference("CV", "", update.cv.name if update.cv else ""))
    return found


def _day(day: Any) -> str:
    return day.isoformat() if day else "—"


def queue(errors: dict[int, str] | None = None) -> list[Pending]:
    """The pending updates, oldest first, in 3 queries."""
    updates = list(
        ProfileUpdate.objects.filter(status=ProfileUpdate.Status.PENDING)
        .select_related("expert", "cv")
        .order_by("submitted_at", "pk")
    )
    through = Expert.expertise.through.objects.filter(
        expert_id__in={u.expert_id for u in updates}
    ).values_list("expert_id", "topic__code")
    own: dict[int, list[str]] = defaultdict(list)
    for expert_id, code in through:
        own[expert_id].append(code)
    topics = dict(Topic.objects.values_list("code", "name")) if updates else {}
    errors = errors or {}
    return [
        Pending(
            u,
            differences(u, u.expert, topics, sorted(own[u.expert_id])),
            errors.get(u.pk, ""),
        )
        for u in updates
    ]


@require_http_methods(["GET", "POST"])
def update_queue(request: HttpRequest) -> HttpResponse:
    require_pool(request)
    errors: dict[int, str] = {}
    if request.method == "POST":
        pk = request.POST.get("update", "")
        update = (
            ProfileUpdate.objects.select_related("expert", "cv")
            .filter(pk=pk if pk.isdigit() else None)
            .first()
        )
        problem = _review(request, update)
        if not problem:
            return redirect("desk-expert-updates")
        if update is not None:
            errors[update.pk] = problem
        else:
            messages.error(request, problem)
    status = 400 if request.method == "POST" else 200
    return render(request, "desk/expert_updates.html", {"queue": queue(errors)}, status=status)


def _review(request: HttpRequest, update: ProfileUpdate | None) -> str:
    """Accept or reject `update` as the form asks; the problem, or "" when done."""
    if update is None:
        return "That update is no longer there."
    action = request.POST.get("action", "")
    try:
        if action == "accept":
            expert = service.accept_update(update, user=request.user)
            messages.success(request, f"Applied the update of {expert.name}.")
        elif action == "reject":
            service.reject_update(update, request.POST.get("note", ""), user=request.user)
            messages.success(request, f"Rejected the update of {update.expert.name}.")
        else:
            return "Choose accept or reject."
    except ValidationError as exc:
        return "; ".join(exc.messages)
    except WorkbookError as exc:  # the proposal no longer fits the profile as it is now
        return "; ".join(p.message for p in exc.problems)
    return ""
