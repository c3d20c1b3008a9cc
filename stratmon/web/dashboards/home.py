"""An organisation's home: its plans at a glance, what waits for review, recent changes, and
the KPIs whose status moved in the last 90 days. `/` shows the home of each organisation the
user reads (one section each: a focal point of a Member of two organisations sees both)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from stratmon.accounts import access
from stratmon.charts import Chart, status_counts_chart
from stratmon.kpis.changes import Moved, compare
from stratmon.kpis.live import plan_evaluations
from stratmon.plans import services
from stratmon.plans.models import Membership, Organisation, Plan
from stratmon.submissions.models import Submission

from ..asof import as_of_date
from ..history import Entry, entries_for
from ..plan_tree import STATUS_ORDER
from .changes import DAYS
from .rows import kpi_url

RECENT = 5  # history entries listed per organisation
WAITING = 5  # submissions listed per organisation
MOVED = 10  # KPIs whose status moved, listed per organisation (the rest: a link)
State = Submission.State


@dataclass
class PlanGlance:
    """A plan in use: its status counts as of the date, and the KPIs whose status moved."""

    plan: Plan
    counts: list[tuple[str, int]]
    moved: list[Moved]
    changes_url: str  # what changed in the last 90 days, on the plan's page


@dataclass
class OrganisationHome:
    organisation: Organisation
    versions: list[services.PlanSummary] = field(default_factory=list)  # every one readable
    plans: list[PlanGlance] = field(default_factory=list)  # those in use
    chart: Chart | None = None
    waiting: list[Submission] | None = None  # None: the user does not review
    waiting_count: int = 0
    changes: list[Entry] | None = None  # None: the user does not read the history

    @property
    def moved(self) -> list[tuple[PlanGlance, Moved]]:
        return [(g, m) for g in self.plans for m in g.moved][:MOVED]

    @property
    def moved_count(self) -> int:
        return sum(len(g.moved) for g in self.plans)

    @property
    def table(self) -> list[tuple[services.PlanSummary, list[tuple[str, int]] | None]]:
        """Every version readable, with its status counts when it is in use."""
        counts = {(g.plan.code, g.plan.version): g.counts for g in self.plans}
        return [(s, counts.get((s.code, s.version))) for s in self.versions]


def _glance(plan: Plan, as_of: datetime.date) -> PlanGlance:
    """Two evaluations of the plan: as of the date, and 90 days before it."""
    now = plan_evaluations(plan, as_of)
    start = as_of - datetime.timedelta(days=DAYS)
    before = plan_evaluations(plan, start, [e.kpi for e in now])
    counted = Counter(e.result.status for e in now)
    url = reverse("plan-changes", args=[plan.code])
    plan_url = reverse("plan-detail", args=[plan.code])
    return PlanGlance(
        plan=plan,
        counts=[(s, counted[s]) for s in STATUS_ORDER if counted[s]],
        moved=compare(before, now, lambda code: kpi_url(plan_url, code)).status,
        changes_url=f"{url}?from={start:%Y-%m-%d}&to={as_of:%Y-%m-%d}",
    )


def build_homes(
    user: Any, organisations: list[Organisation], as_of: datetime.date
) -> list[OrganisationHome]:
    """The homes of `organisations` as `user` sees them: a fixed number of queries for the
    plan list, plus two evaluations per plan in use, plus per organisation two for its
    waiting submissions (reviewers) and one for its recent changes (history readers)."""
    homes = {o.pk: OrganisationHome(o) for o in organisations}
    codes = {o.code: o.pk for o in organisations}
    readable = access.visible_plans(user).filter(organisation__in=organisations)
    for summary in services.plan_summaries(readable, as_of):
        homes[codes[summary.organisation]].versions.append(summary)
    for plan in readable.current().select_related("organisation").order_by(*Plan._meta.ordering):
        homes[plan.organisation_id].plans.append(_glance(plan, as_of))
    reviews, history = access.can_review(user), access.can_view_history(user)
    recent: list[Any] = []
    for home in homes.values():
        org = home.organisation
        rows = [(g.plan.title, dict(g.counts)) for g in home.plans]
        if rows:
            title = f"KPI status of {org.short_name}'s plans, {as_of:%-d %b %Y}"
            home.chart = status_counts_chart(rows, title, width=480, legend=False, label_limit=280)
        if reviews:
            members = Membership.objects.filter(organisation=org).values("member_id")
            waiting = access.visible_submissions(user).filter(
                state=State.SUBMITTED, member_id__in=members
            )
            home.waiting_count = waiting.count()
            found = waiting.select_related("member").order_by("submitted_at", "pk")
            home.waiting = list(found[:WAITING])
        if history:
            changes = access.visible_changes_of(user, org).select_related("user")
            recent.append((home, list(changes.order_by("-at", "-pk")[:RECENT])))
    if recent:
        entries = iter(entries_for(user, [c for _, found in recent for c in found]))
        for home, found in recent:
            home.changes = [next(entries) for _ in found]
    return list(homes.values())


def own_submissions(user: Any) -> dict[str, int] | None:
    """A focal point's submissions by state (one query); None for everyone else."""
    if access.reporting_member(user) is None:
        return None
    counts = access.visible_submissions(user).values("state").annotate(n=Count("pk"))
    found: dict[str, int] = defaultdict(int, {row["state"]: row["n"] for row in counts})
    return {state: found[state] for state in (State.SUBMITTED, State.RETURNED, State.DRAFT)}


def _render(request: HttpRequest, organisations: list[Organisation], single: bool) -> HttpResponse:
    as_of, date_error = as_of_date(request)
    homes = build_homes(request.user, organisations, as_of)
    context = {
        "homes": homes,
        "has_chart": any(h.chart for h in homes),
        "single": single,
        "as_of": as_of,
        # Links to the plans keep a chosen date; today's is their default.
        "as_of_param": "" if as_of == timezone.localdate() else f"as_of={as_of:%Y-%m-%d}",
        "date_error": date_error,
        "days": DAYS,
        "since": as_of - datetime.timedelta(days=DAYS),
        "own": own_submissions(request.user),
        "states": State,
    }
    return render(request, "web/dashboards/home.html", context)


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    """`/`: the home of each organisation whose plans the user reads."""
    organisations = list(access.readable_organisations(request.user).order_by("name"))
    return _render(request, organisations, single=len(organisations) == 1)


@require_GET
def organisation_home(request: HttpRequest, code: str) -> HttpResponse:
    """One organisation's home; an organisation the user may not read does not exist."""
    organisation = get_object_or_404(access.readable_organisations(request.user), code=code)
    return _render(request, [organisation], single=True)
