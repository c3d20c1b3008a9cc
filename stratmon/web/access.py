"""Who may see what: every view goes through these helpers."""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from stratmon.plans.models import Plan


def visible_plans(request: HttpRequest) -> QuerySet[Plan]:
    """Published plans for everyone; draft plans only for Secretariat staff."""
    plans = Plan.objects.all()
    if not request.user.is_staff:
        plans = plans.exclude(status=Plan.Status.DRAFT)
    return plans


def get_plan_for_reading(request: HttpRequest, code: str) -> Plan:
    plan = visible_plans(request).select_related("organisation").filter(code=code).first()
    if plan is None:
        raise Http404("No such plan")
    return plan
