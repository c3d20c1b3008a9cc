"""The Secretariat's success-story candidates (`/surveys/stories/`): turn one into a success
story (an output) or dismiss it, through stratmon.surveys.stories."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from stratmon.accounts import access
from stratmon.facts.workbook.reader import WorkbookError
from stratmon.plans.models import Action, Member, Plan

from .. import stories
from ..models import Response


def _require_manager(request: HttpRequest) -> None:
    if not access.can_manage_surveys(request.user):
        raise PermissionDenied("Success stories from surveys are for the Secretariat.")


def _candidate(request: HttpRequest, pk: int) -> Response:
    return get_object_or_404(
        stories.candidates(access.visible_surveys(request.user)).select_related("survey__form"),
        pk=pk,
    )


@dataclass(frozen=True)
class Row:
    response: Response
    text: str
    results_url: str


def survey_stories(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    rows = [
        Row(r, stories.story_text(r), reverse("survey-results", args=[r.survey_id]))
        for r in stories.candidates(access.visible_surveys(request.user))
    ]
    return render(request, "surveys/stories.html", {"rows": rows})


class StoryForm(forms.Form):
    title = forms.CharField(max_length=stories.TITLE_MAX)
    date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="when the result was reported",
    )
    members = forms.ModelMultipleChoiceField(
        queryset=Member.objects.none(), required=False, help_text="the Members concerned"
    )
    actions = forms.ModelMultipleChoiceField(
        queryset=Action.objects.none(), required=False, help_text="the plan actions it serves"
    )

    def __init__(self, *args: Any, organisation: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = self.fields["members"]
        actions = self.fields["actions"]
        members.queryset = (
            Member.objects.filter(  # type: ignore[attr-defined]
                memberships__organisation=organisation
            )
            .distinct()
            .order_by("name")
        )
        actions.queryset = (  # type: ignore[attr-defined]
            Action.objects.filter(plan__in=Plan.objects.current(), plan__organisation=organisation)
            .select_related("plan")
            .order_by("plan__code", "pk")
        )
        actions.label_from_instance = lambda a: f"{a.code}) {a.text[:90]}"  # type: ignore[attr-defined]


@require_http_methods(["GET", "POST"])
def story_accept(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    response = _candidate(request, pk)
    suggested = stories.suggestion(response)
    organisation = response.survey.organisation
    # The activity may serve another organisation's plan too: only the survey's own plans'
    # actions in use are offered, so only those are suggested.
    initial = {
        "title": suggested.title,
        "date": suggested.date,
        "members": [m.pk for m in suggested.members],
        "actions": [
            a.pk
            for a in suggested.actions
            if a.plan.organisation_id == organisation.pk and a.plan.superseded_by_id is None
        ],
    }
    form = StoryForm(request.POST or None, initial=initial, organisation=organisation)
    problem, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            try:
                output = stories.accept_story(
                    response,
                    title=form.cleaned_data["title"],
                    date=form.cleaned_data["date"],
                    members=list(form.cleaned_data["members"]),
                    actions=list(form.cleaned_data["actions"]),
                    user=request.user,
                )
            except stories.StoryError as error:
                problem = str(error)
            except WorkbookError as error:
                problem = "The success story was not saved: " + "; ".join(
                    p.message for p in error.problems
                )
            else:
                messages.success(request, f"Saved the success story {output.ref}.")
                return redirect("survey-stories")
        status = 400
    context = {
        "response": response,
        "text": stories.story_text(response),
        "form": form,
        "problem": problem,
    }
    return render(request, "surveys/story_accept.html", context, status=status)


@require_POST
def story_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    response = _candidate(request, pk)
    stories.dismiss_story(response, user=request.user)
    messages.success(request, "Dismissed the candidate: it no longer counts.")
    return redirect("survey-stories")
