"""Who may see what: every view goes through these helpers."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from stratmon.bootstrap import SECRETARIAT_GROUP
from stratmon.plans.models import Plan


def visible_plans(request: HttpRequest) -> QuerySet[Plan]:
    """Published plans for everyone; draft plans only for Secretariat staff."""
    plans = Plan.objects.all()
    if not is_secretariat(request.user):
        plans = plans.exclude(status=Plan.Status.DRAFT)
    return plans


def get_plan_for_reading(request: HttpRequest, code: str, version: int | None = None) -> Plan:
    """A version of the plan `code`; without `version`, the one in use."""
    plans = visible_plans(request).select_related("organisation", "superseded_by")
    if version is None:
        plan = plans.current().filter(code=code).first()
    else:
        plan = plans.filter(code=code, version=version).first()
    if plan is None:
        raise Http404("No such plan")
    return plan


def is_secretariat(user: object) -> bool:
    """Secretariat staff: superusers, and staff in the Secretariat group."""
    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return bool(
        getattr(user, "is_staff", False) and user.groups.filter(name=SECRETARIAT_GROUP).exists()  # type: ignore[attr-defined]
    )


def require_secretariat(request: HttpRequest) -> None:
    """Only the Secretariat imports and confirms plans; others get 403, visitors a sign-in."""
    if not request.user.is_authenticated:
        raise NotSignedIn
    if not is_secretariat(request.user):
        raise PermissionDenied("Only the Secretariat can do this.")


class NotSignedIn(Exception):
    """Raised for a visitor on a page that needs a signed-in user; the view redirects."""
