"""Success-story candidates from impact follow-ups: the Secretariat turns one into an output of
kind success story (counted by KPIs such as ROCB A/P 3.j) or dismisses it (docs/surveys.md)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from stratmon.facts import records
from stratmon.facts.models import Output
from stratmon.history.recording import record_change
from stratmon.plans.models import Action, Member

from .models import Response

VIA = "web"
TITLE_MAX = 300
SENTENCE = re.compile(r"^(.+?[.!?])(\s|$)", re.S)


class StoryError(ValueError):
    """A story that cannot be accepted or dismissed as asked (its message says why)."""


def candidates(surveys: QuerySet[Any]) -> QuerySet[Response]:
    """The responses of `surveys` waiting to become success stories, oldest first."""
    return (
        Response.objects.filter(survey__in=surveys, story=Response.Story.CANDIDATE)
        .select_related("survey__activity", "survey__organisation", "member", "form")
        .order_by("submitted_at", "pk")
    )


def story_text(response: Response) -> str:
    """The tangible result in the respondent's words ("" when the form has no such question)."""
    question = response.form.definition().feeding("story")
    value = response.answers.get(question.id) if question else None
    return value.strip() if isinstance(value, str) else ""


def first_sentence(text: str) -> str:
    """A title drawn from a story: its first sentence, at most TITLE_MAX characters."""
    text = " ".join(text.split())
    found = SENTENCE.match(text)
    sentence = (found.group(1) if found else text).rstrip(".")
    return sentence[:TITLE_MAX]


@dataclass(frozen=True)
class Suggestion:
    """What the "turn into a success story" form starts from."""

    title: str
    date: datetime.date
    members: tuple[Member, ...]
    actions: tuple[Action, ...]


def suggestion(response: Response) -> Suggestion:
    activity = response.survey.activity
    actions = tuple(activity.actions.select_related("plan").order_by("pk")) if activity else ()
    return Suggestion(
        title=first_sentence(story_text(response)) or response.survey.title,
        date=response.submitted_at.date(),
        members=(response.member,) if response.member else (),
        actions=actions,
    )


def _candidate(response: Response) -> Response:
    fresh = Response.objects.select_for_update().select_related("survey").get(pk=response.pk)
    if fresh.story != Response.Story.CANDIDATE:
        raise StoryError(f"this response is no longer a candidate (it is {fresh.story or 'none'})")
    return fresh


def _record(response: Response, user: Any, before: str, details: dict[str, Any]) -> None:
    record_change(
        user=user,
        via=VIA,
        model=Response,
        verb="updated",
        refs=[f"SRV-{response.survey_id}/response-{response.pk}"],
        details={"story": [before, response.story], **details},
        organisation=response.survey.organisation,
        members=[response.member] if response.member else [],
    )


def accept_story(
    response: Response,
    *,
    title: str,
    date: datetime.date,
    members: Sequence[Member],
    actions: Sequence[Action],
    user: Any,
) -> Output:
    """Turn a candidate into an output of kind success story, linked from the response; all
    or nothing. Raises StoryError when it is no longer a candidate or the title is empty, and
    the facts' WorkbookError when the output is refused."""
    title = " ".join(title.split())
    if not title:
        raise StoryError("a success story needs a title")
    with transaction.atomic():
        fresh = _candidate(response)
        row = {
            "kind": Output.Kind.SUCCESS_STORY,
            "title": title[:TITLE_MAX],
            "date": date,
            "members": [m.iso3 for m in members],
            "actions": [f"{a.plan.code}:{a.code}" for a in actions],
        }
        report = records.save_records(
            {"outputs": [row]},
            user=user,
            via=VIA,
            source=f"survey SRV-{fresh.survey_id}",
            reason=f"success story from response {fresh.pk} to an impact follow-up",
        )
        output = Output.objects.get(ref=records.keys_of(report, "outputs")[0])
        fresh.story, fresh.output = Response.Story.ACCEPTED, output
        fresh.save(update_fields=["story", "output"])
        _record(fresh, user, Response.Story.CANDIDATE, {"output": output.ref})
    return output


def dismiss_story(response: Response, *, user: Any) -> None:
    """Set a candidate aside: it leaves the list and counts for nothing."""
    with transaction.atomic():
        fresh = _candidate(response)
        fresh.story = Response.Story.DISMISSED
        fresh.save(update_fields=["story"])
        _record(fresh, user, Response.Story.CANDIDATE, {})
