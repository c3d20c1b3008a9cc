"""The expert pool's pages, the Secretariat's (any organisation's: the pool is shared):
`/experts/` the pool, `/experts/new/` and `/experts/<ref>/edit/` the profile form,
`/experts/<ref>/` one expert (unavailable periods, CV, profile update links)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from stratmon.accounts import access
from stratmon.facts import records
from stratmon.facts.models import Expert
from stratmon.facts.workbook import WorkbookError
from stratmon.web import record_forms as rf

from .. import experts as service
from .. import profile_links
from ..models import Unavailability
from . import experts_pool as data
from .experts_forms import CVForm, PeriodForm, profile_form

VIA = "form"


def require_pool(request: HttpRequest) -> None:
    if not access.can_manage_experts(request.user):
        raise PermissionDenied("The expert pool is the Secretariat's.")


@require_GET
def expert_list(request: HttpRequest) -> HttpResponse:
    require_pool(request)
    chosen = data.PoolFilter.of(request.GET)
    today = timezone.localdate()
    context = {"pool": data.pool(chosen, today), "chosen": chosen, "today": today}
    return render(request, "desk/expert_list.html", context)


@require_http_methods(["GET", "POST"])
def expert_new(request: HttpRequest) -> HttpResponse:
    require_pool(request)
    form = profile_form(request.user)(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        expert = _save(request, form)
        if expert is not None:
            messages.success(request, f"Saved {expert.ref}.")
            return redirect("desk-expert", ref=expert.ref)
    return _form_page(request, form, None)


@require_http_methods(["GET", "POST"])
def expert_edit(request: HttpRequest, ref: str) -> HttpResponse:
    require_pool(request)
    expert = get_object_or_404(Expert, ref=ref)
    form_class = profile_form(request.user, key=expert.ref)
    initial = rf.initial_values(form_class, records.stored_values("experts", expert.ref) or {})
    initial |= {rf.SEEN: expert.updated_at.isoformat(), "email": expert.email}
    form = form_class(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        saved = _save(request, form)
        if saved is not None:
            messages.success(request, f"Saved {saved.ref}.")
            return redirect("desk-expert", ref=saved.ref)
    return _form_page(request, form, expert)


def _save(request: HttpRequest, form: rf.RecordForm) -> Expert | None:
    """Save the profile through the service; None with the problems placed on the form."""
    try:
        return service.save_profile(
            rf.form_row(form),
            email=form.cleaned_data.get("email", ""),
            user=request.user,
            via=VIA,
            source=request.path,
            reason=rf.form_reason(form),
            expected=rf.form_expected(form) if form.key else None,
        )
    except WorkbookError as exc:
        rf.apply_problems(form, exc)
    except ValidationError as exc:
        for name, problems in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
    return None


def _form_page(request: HttpRequest, form: rf.RecordForm, expert: Expert | None) -> HttpResponse:
    status = 400 if form.is_bound else 200
    return render(request, "desk/expert_form.html", {"form": form, "expert": expert}, status=status)


@require_http_methods(["GET", "POST"])
def expert_detail(request: HttpRequest, ref: str) -> HttpResponse:
    require_pool(request)
    expert = get_object_or_404(Expert.objects.select_related("home"), ref=ref)
    period, cv = PeriodForm(prefix="away"), CVForm()
    problem = ""
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "unavailable-add":
            period = PeriodForm(request.POST, prefix="away")
            done = period.is_valid() and _apply(period, lambda: _add(request, expert, period))
        elif action == "unavailable-remove":
            done, problem = _remove(request, expert)
        elif action == "cv":
            cv = CVForm(request.POST, request.FILES)
            done = cv.is_valid() and _apply(
                cv, lambda: service.attach_cv(expert, cv.cleaned_data["cv"], user=request.user)
            )
        elif action == "link":
            _send_link(request, expert)
            done = True
        else:
            done, problem = False, "Choose what to do."
        if done:
            return redirect("desk-expert", ref=expert.ref)
    context: dict[str, Any] = {
        "p": data.profile(expert, timezone.localdate()),
        "period": period,
        "cv_form": cv,
        "problem": problem,
    }
    context["link_urls"] = [
        (u, request.build_absolute_uri(profile_links.url_of(u))) for u in context["p"].links
    ]
    status = 400 if request.method == "POST" else 200
    return render(request, "desk/expert_detail.html", context, status=status)


def _apply(form: Any, write: Any) -> bool:
    """Run `write`; False with its problems placed on `form`."""
    try:
        write()
    except ValidationError as exc:
        for name, problems in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, problems)
        return False
    return True


def _add(request: HttpRequest, expert: Expert, form: PeriodForm) -> None:
    d = form.cleaned_data
    service.add_unavailable(expert, d["start"], d["end"], d["note"], user=request.user)
    messages.success(request, f"Unavailable from {d['start']:%d %b %Y} to {d['end']:%d %b %Y}.")


def _remove(request: HttpRequest, expert: Expert) -> tuple[bool, str]:
    pk = request.POST.get("period", "")
    found = Unavailability.objects.filter(expert=expert, pk=pk if pk.isdigit() else None).first()
    if found is None:
        return False, "That period is no longer recorded."
    service.remove_unavailable(found, user=request.user)
    messages.success(request, "Period removed.")
    return True, ""


def _send_link(request: HttpRequest, expert: Expert) -> None:
    update = service.create_link(expert, user=request.user)
    url = request.build_absolute_uri(profile_links.url_of(update))
    if not expert.email:
        messages.success(request, "Link made: copy it to the expert (no e-mail address).")
        return
    problem = service.send_link(update, url, user=request.user)
    if problem:
        messages.error(request, f"Link made, not sent: {problem}. Copy it to the expert.")
    else:
        messages.success(request, f"Link sent to {expert.email}.")
