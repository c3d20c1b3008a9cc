"""The match page of a request: the pool ranked for it, best first, each expert with the
reasons in words and a button to propose them; the experts left out, with why (docs/desk.md
"Proposing an expert"). For the Secretariat that runs the request's desk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from stratmon.accounts import access
from stratmon.plans.models import Member

from ..matching import rank_case
from ..models import Case, State
from ..ranking import NONE, Candidate, Ranked

TOP = 25
# A request takes an expert while accepted, or proposed (another may replace the first).
MATCHING_STATES = (State.ACCEPTED, State.PROPOSED)


@dataclass(frozen=True)
class Row:
    """One ranked expert as the page shows them."""

    place: int
    ranked: Ranked
    home: str
    accreditation: str
    languages: str
    covered: str


def case_for_desk(request: HttpRequest, pk: int) -> Case:
    """The request `pk` if the user moves it: 404 when not theirs to read, 403 when they read
    it but do not run its desk."""
    cases = (
        access.visible_cases(request.user)
        .select_related("organisation", "member", "fact__activity", "expert")
        .prefetch_related("topics")
    )
    case = get_object_or_404(cases, pk=pk)
    if not access.can_move_case(request.user, case):
        raise PermissionDenied("Experts are proposed by the Secretariat that runs the desk.")
    return case


def propose_url(case: Case) -> str:
    return reverse("desk-request-propose", args=[case.pk])


def accreditation_text(c: Candidate) -> str:
    if c.accreditation == NONE:
        return "none"
    since = f" from {c.accredited_on.isoformat()}" if c.accredited_on else ""
    until = f" to {c.accredited_until.isoformat()}" if c.accredited_until else ""
    return f"{c.accreditation}{since}{until}"


def rows_of(
    ranked: tuple[Ranked, ...], members: dict[str, str], topics: dict[str, str]
) -> list[Row]:
    return [
        Row(
            place=i,
            ranked=r,
            home=members.get(r.candidate.home or "", "—"),
            accreditation=accreditation_text(r.candidate),
            languages=", ".join(sorted(x.title() for x in r.candidate.languages)) or "—",
            covered=", ".join(topics[code] for code in r.covered) or "—",
        )
        for i, r in enumerate(ranked, start=1)
    ]


@require_GET
def match_page(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_for_desk(request, pk)
    topics = {t.code: t.name for t in case.topics.all()}
    context: dict[str, Any] = {"case": case, "topics": topics.values(), "open": False}
    if case.state in MATCHING_STATES:
        ranking = rank_case(case)
        members = dict(Member.objects.values_list("iso3", "name"))
        show_all = request.GET.get("all") == "1"
        shown = ranking.ranked if show_all else ranking.ranked[:TOP]
        context |= {
            "open": True,
            "rows": rows_of(shown, members, topics),
            "total": len(ranking.ranked),
            "show_all": show_all,
            "top": TOP,
            "excluded": [(e, members.get(e.candidate.home or "", "—")) for e in ranking.excluded],
            "propose_url": propose_url(case),
        }
    return render(request, "desk/match.html", context)
