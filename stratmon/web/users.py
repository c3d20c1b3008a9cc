"""The users page: a Secretariat admin lists, invites, re-roles and deactivates its users."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from stratmon.accounts import access, services
from stratmon.accounts.models import Role


@dataclass(frozen=True)
class Scope:
    """One choice of the 'for' list: an organisation (`org:CODE`) or a Member (`member:ISO3`)."""

    value: str
    label: str


def _require_user_manager(request: HttpRequest) -> None:
    if not access.can_manage_users(request.user):
        raise PermissionDenied("Only a Secretariat admin manages users.")


def _scopes(user: Any) -> list[Scope]:
    organisations = [
        Scope(f"org:{o.code}", o.short_name) for o in access.assignable_organisations(user)
    ]
    members = [
        Scope(f"member:{m.iso3}", f"{m.name} (Member)")
        for m in access.assignable_members(user).order_by("name")
    ]
    return organisations + members


def _spec(request: HttpRequest) -> services.RoleSpec:
    """The role chosen in a form: a kind, and an organisation or Member as its scope."""
    kind = request.POST.get("role", "")
    where, _, code = request.POST.get("scope", "").partition(":")
    if kind == Role.Kind.FOCAL_POINT and where == "org":
        raise services.AccountError("a focal_point belongs to a Member: choose one")
    if kind != Role.Kind.FOCAL_POINT and where == "member":
        raise services.AccountError(f"a {kind or 'role'} belongs to an organisation: choose one")
    return services.role_spec(
        kind, code if where == "org" else None, code if where == "member" else None
    )


@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    _require_user_manager(request)
    return _page(request)


def _page(request: HttpRequest, error: str = "", status: int = 200) -> HttpResponse:
    users = list(
        access.managed_users(request.user)
        .select_related("role__organisation", "role__member")
        .order_by("-is_active", "username")
    )
    context = {
        "users": users,
        "me": request.user.pk,
        "roles": Role.Kind.choices,
        "scopes": _scopes(request.user),
        "error": error,
        "posted": request.POST,
    }
    return render(request, "web/users.html", context, status=status)


@require_POST
def user_invite(request: HttpRequest) -> HttpResponse:
    _require_user_manager(request)
    try:
        spec = _spec(request)
        user = services.invite_user(
            request.POST.get("email", ""),
            spec,
            by=request.user,
            via="web",
            site_url=request.build_absolute_uri("/"),
        )
    except services.AccountError as exc:
        return _page(request, f"Not invited: {exc}.", status=400)
    messages.success(
        request, f"Invited {user.email}: an e-mail with a link to set a password is on its way."
    )
    return redirect("user-list")


@require_POST
def user_role(request: HttpRequest, pk: int) -> HttpResponse:
    _require_user_manager(request)
    user = get_object_or_404(access.managed_users(request.user), pk=pk)
    try:
        spec = _spec(request)
        changed = services.change_role(user, spec, by=request.user, via="web")
    except services.AccountError as exc:
        return _page(request, f"{user.get_username()}: role not changed: {exc}.", status=400)
    if changed:
        role = Role(kind=spec.kind, organisation=spec.organisation, member=spec.member)
        messages.success(request, f"{user.get_username()} is now {role}.")
    return redirect("user-list")


@require_POST
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_user_manager(request)
    user = get_object_or_404(access.managed_users(request.user), pk=pk)
    if services.deactivate_user(user, by=request.user, via="web"):
        messages.success(request, f"{user.get_username()} can no longer sign in.")
    return redirect("user-list")
