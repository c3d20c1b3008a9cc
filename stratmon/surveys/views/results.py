"""The Secretariat's page of a survey's per-question results (`/surveys/<pk>/results/`)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from stratmon.accounts import access

from ..results import survey_results


def survey_results_page(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_manage_surveys(request.user):
        raise PermissionDenied("Survey results are for the Secretariat.")
    survey = get_object_or_404(
        access.visible_surveys(request.user).select_related("form", "activity"), pk=pk
    )
    results = survey_results(survey, with_text=True)
    return render(request, "surveys/survey_results.html", {"survey": survey, "results": results})
