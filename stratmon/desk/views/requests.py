"""The request desk's work list (`/requests/`) and the form that files a request
(`/requests/new/`). Who sees and files what is stratmon.accounts.desk_access's."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case as Switch
from django.db.models import IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from stratmon.accounts import access
from stratmon.accounts.models import Role
from stratmon.plans.models import Member

from ..filing import file_with_attachments
from ..models import CLOSED, OPEN, Case, Kind, State, Urgency
from ..request_forms import LANGUAGES, FilingForm

# The state filter: the open requests (the default), the closed ones, all, or one state.
STATE_FILTERS = [("open", "open"), ("closed", "closed"), ("all", "all"), *State.choices]


@dataclass
class Filters:
    state: str
    member: str
    kind: str
    urgency: str

    @classmethod
    def read(cls, request: HttpRequest) -> Filters:
        get = request.GET
        state = get.get("state", "open")
        return cls(
            state=state if state in dict(STATE_FILTERS) else "open",
            member=get.get("member", "").upper(),
            kind=get.get("kind", "") if get.get("kind") in Kind.values else "",
            urgency=get.get("urgency", "") if get.get("urgency") in Urgency.values else "",
        )

    def apply(self, cases: QuerySet[Case]) -> QuerySet[Case]:
        if self.state == "open":
            cases = cases.filter(state__in=OPEN)
        elif self.state == "closed":
            cases = cases.filter(state__in=CLOSED)
        elif self.state != "all":
            cases = cases.filter(state=self.state)
        if self.member:
            cases = cases.filter(member__iso3=self.member)
        if self.kind:
            cases = cases.filter(kind=self.kind)
        if self.urgency:
            cases = cases.filter(urgency=self.urgency)
        return cases


def _work_order(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Open requests first, the longest waiting first; then by state, then the newest."""
    is_open = Switch(
        When(state__in=OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return cases.annotate(closed=is_open).order_by("closed", "received_on", "state", "pk")


@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    if not access.can_read_desk(request.user):
        raise PermissionDenied("The request desk is not yours to read.")
    visible = access.visible_cases(request.user)
    filters = Filters.read(request)
    cases = list(
        _work_order(filters.apply(visible)).select_related(
            "member", "organisation", "expert", "fact"
        )
    )
    today = timezone.localdate()
    rows = [(case, (today - case.received_on).days) for case in cases]
    members = list(Member.objects.filter(pk__in=visible.values("member_id")).order_by("name"))
    role = access.role_of(request.user)
    context = {
        "rows": rows,
        "filters": filters,
        "state_filters": STATE_FILTERS,
        "kinds": Kind.choices,
        "urgencies": Urgency.choices,
        "members": members,
        # A focal point reads its own Member's requests to every organisation.
        "own_member": role is not None and role.kind == Role.Kind.FOCAL_POINT,
        "runs_desk": access.can_run_desk(request.user),
        "may_file": access.can_file_requests(request.user),
    }
    return render(request, "desk/request_list.html", context)


@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    scope = access.filing_scope(user)
    if scope is None:
        raise PermissionDenied("Requests are filed by a Member's focal point or the Secretariat.")
    own = scope.own
    data = request.POST if request.method == "POST" else None
    form = FilingForm(
        data,
        request.FILES or None,
        organisations=scope.organisations,
        members=scope.members,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            member = own if own is not None else form.cleaned_data["member"]
            try:
                case = file_with_attachments(
                    form.filing(member), form.cleaned_data["attachments"], user=user
                )
            except ValidationError as exc:
                form.show_problems(exc.message_dict)
            else:
                return redirect("desk-request", pk=case.pk)
    context = {"form": form, "own": own, "languages": [(v, v) for v in LANGUAGES]}
    return render(request, "desk/request_new.html", context, status=status)
