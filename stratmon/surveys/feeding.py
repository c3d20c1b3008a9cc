"""What a stored response changes among the recorded facts, through the facts' own service
(`facts.records.save_records`), so it is checked and lands in the change history "through:
survey" like any other write:

- an evaluation's responses are the activity's evaluation fact: the mean overall rating as
  the score, with the number of responses (KPIs such as ROCB A/P 3.h follow as answers come);
- an evaluation's gender answer fills the gender of a participant recorded as "not stated":
  the invitation's participation on a single-use link, or on an open link one not-stated
  participation of the respondent's Member not filled before. It never adds a participation:
  the number of participants is the participant list's, and an anonymous form cannot say
  whether its respondent is already on that list;
- an impact follow-up answering "yes" to its tangible-result question becomes a success-story
  candidate, which the Secretariat turns into an output or dismisses (surveys.stories).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from stratmon.facts import records
from stratmon.facts.models import Participation
from stratmon.history.recording import record_change

from .models import Form, Purpose, Response, Survey

VIA = "survey"
SCORE_PLACES = Decimal("0.001")


def evaluation_ref(survey: Survey) -> str:
    """The id of the evaluation fact a survey keeps up to date."""
    return f"EV-SRV-{survey.pk}"


def after_response(response: Response) -> None:
    """Bring the facts that `response`'s survey feeds up to date (inside its transaction)."""
    survey = response.survey
    if survey.form.purpose == Purpose.EVALUATION and survey.activity_id:
        record_evaluation(survey)
        fill_gender(response)
    if survey.form.purpose == Purpose.IMPACT:
        mark_story(response)


# A gender answer's option, read case-insensitively; any other option ("Prefer not to say")
# tells nothing.
GENDERS = {
    "female": Participation.Gender.FEMALE,
    "woman": Participation.Gender.FEMALE,
    "male": Participation.Gender.MALE,
    "man": Participation.Gender.MALE,
    "other": Participation.Gender.OTHER,
}


def gender_of(response: Response) -> str | None:
    """The participation gender `response` states, or None."""
    question = response.form.definition().feeding("gender")
    value = response.answers.get(question.id) if question else None
    return GENDERS.get(value.strip().casefold()) if isinstance(value, str) else None


def fill_gender(response: Response) -> Participation | None:
    """Give a not-stated participation of the activity the gender `response` states (see the
    module's docstring for which one); the participation filled, or None."""
    gender = gender_of(response)
    activity = response.survey.activity
    if gender is None or activity is None:
        return None
    invitation = response.invitation
    if invitation is not None and invitation.participation_id:
        found = Participation.objects.filter(
            pk=invitation.participation_id, gender=Participation.Gender.NOT_STATED
        ).first()
    elif invitation is None and response.member_id:
        filled = Response.objects.filter(participation__isnull=False).values("participation")
        found = (
            Participation.objects.filter(
                activity=activity,
                member_id=response.member_id,
                gender=Participation.Gender.NOT_STATED,
            )
            .exclude(pk__in=filled)
            .order_by("pk")
            .first()
        )
    else:
        found = None
    if found is None:
        return None
    row = records.stored_values("participations", found.ref)
    if row is None:
        return None
    row["gender"] = gender
    records.save_records(
        {"participations": [row]},
        user=None,
        via=VIA,
        source=f"survey SRV-{response.survey_id}",
        reason=f"gender stated in response {response.pk} to the activity's evaluation",
    )
    response.participation = found
    response.save(update_fields=["participation"])
    return found


def mark_story(response: Response) -> bool:
    """Mark an impact follow-up whose tangible-result answer is "yes" as a success-story
    candidate; whether it was marked."""
    question = response.form.definition().feeding("result")
    value = response.answers.get(question.id) if question else None
    if not (isinstance(value, str) and value.strip().casefold() == "yes"):
        return False
    response.story = Response.Story.CANDIDATE
    response.save(update_fields=["story"])
    record_change(
        user=None,
        via=VIA,
        model=Response,
        verb="updated",
        refs=[f"SRV-{response.survey_id}/response-{response.pk}"],
        details={"story": ["", Response.Story.CANDIDATE]},
        organisation=response.survey.organisation,
        members=[response.member] if response.member else [],
    )
    return True


def evaluation_score(survey: Survey) -> tuple[Decimal, int, int] | None:
    """(mean overall rating, its scale, number of ratings) of the survey's responses; each
    response is read on its own form version's scale and given on the survey's form's scale.
    None when no response rates it."""
    question = survey.form.definition().feeding("score")
    if question is None:
        return None
    scale = question.scale
    total, count = Decimal(0), 0
    versions: dict[int, Any] = {}
    for form_id, answers in survey.responses.values_list("form_id", "answers"):
        if form_id not in versions:
            versions[form_id] = Form.objects.get(pk=form_id).definition().feeding("score")
        asked = versions[form_id]
        value = answers.get(asked.id) if asked is not None else None
        if isinstance(value, int) and not isinstance(value, bool):
            # As a fraction of its own scale, as the KPIs read every score: 8 of 10 is 4 of 5
            total += Decimal(value) * scale / asked.scale
            count += 1
    if not count:
        return None
    return (total / count).quantize(SCORE_PLACES, rounding=ROUND_HALF_UP), scale, count


def record_evaluation(survey: Survey) -> None:
    """Create or update the activity's evaluation fact from the survey's responses."""
    result = evaluation_score(survey)
    if result is None or survey.activity is None:
        return
    score, scale, count = result
    row = {
        "id": evaluation_ref(survey),
        "activity": survey.activity.ref,
        "score": score,
        "scale_max": scale,
        "responses": count,
        "comments": f"From the survey “{survey.title}”: {count} response"
        + ("" if count == 1 else "s"),
    }
    records.save_records(
        {"evaluations": [row]},
        user=None,
        via=VIA,
        source=f"survey SRV-{survey.pk}",
        reason="a new response to the activity's evaluation survey",
    )
