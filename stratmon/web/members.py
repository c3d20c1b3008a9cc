"""The Member profile page: one Member across the plans of its organisations, as of a date."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from stratmon.accounts import access
from stratmon.kpis.live import remember
from stratmon.plans.models import Member

from .asof import as_of_date
from .member_profile import build_profile


@require_GET
def member_profile(request: HttpRequest, iso3: str) -> HttpResponse:
    member = get_object_or_404(Member, iso3=iso3.upper())
    if not access.can_view_member_profile(request.user, member):
        # Members are public reference data; their profiles are not everyone's to read.
        raise PermissionDenied(f"{member.name}'s profile is not shared with you.")
    as_of, date_error = as_of_date(request)
    # Built and rendered once per data version for everyone with the same rights (the page
    # links keep the query, so it is part of the key).
    key = (
        "member-profile",
        member.pk,
        as_of,
        access.audience(request.user),
        request.GET.urlencode(),
    )
    profile = remember(
        key, lambda: build_profile(request.user, member, as_of, request.GET.get("page"))
    )
    context = {
        "p": profile,
        "profile_key": key,
        "member": member,
        "as_of": as_of,
        "today": timezone.localdate(),
        "date_error": date_error,
        "history": access.can_view_history(request.user),
    }
    return render(request, "web/member_profile.html", context)
