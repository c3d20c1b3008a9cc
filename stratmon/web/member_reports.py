"""A Member's report on the web: `/members/<iso3>/report.<pdf|xlsx>?as_of=`, for those who
may download it (access.can_download_member_report)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from stratmon.accounts import access
from stratmon.kpis.live import remember
from stratmon.kpis.member_plan_kpis import member_profile_plans
from stratmon.plans.models import Member
from stratmon.reports.member_build import build_member_report
from stratmon.reports.member_render import MEMBER_FORMATS, render_member

from .asof import as_of_date


@require_GET
def member_report_file(request: HttpRequest, iso3: str, fmt: str) -> HttpResponse:
    member = get_object_or_404(Member, iso3=iso3.upper())
    if not access.can_download_member_report(request.user, member):
        raise PermissionDenied(f"{member.name}'s report is not yours to download.")
    if fmt not in MEMBER_FORMATS:
        raise Http404("No such format")
    as_of, error = as_of_date(request)
    if error:
        text = request.GET.get("as_of", "")[:40]
        return HttpResponse(
            f"Bad report request: as_of: '{text}' is not a date (YYYY-MM-DD).",
            status=400,
            content_type="text/plain",
        )

    def build():  # the plans the user reads the Member through, as on its profile
        plans = member_profile_plans(request.user, member).select_related("organisation")
        ordered = plans.order_by("organisation__code", "-period_start", "code")
        return build_member_report(member, as_of, list(ordered))

    # Built once per data version for everyone with the same rights; rendered per download.
    report = remember(("member-report", member.pk, as_of, access.audience(request.user)), build)
    response = HttpResponse(render_member(report, fmt), content_type=MEMBER_FORMATS[fmt][1])
    name = f"{member.iso3}_{as_of.isoformat()}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
