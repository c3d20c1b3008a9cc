"""What a stored response changes among the recorded facts, through the facts' own service
(`facts.records.save_records`), so it is checked and lands in the change history "through:
survey" like any other write:

- an evaluation's responses are the activity's evaluation fact: the mean overall rating as
  the score, with the number of responses (KPIs such as ROCB A/P 3.h follow as answers come);
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from stratmon.facts import records

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
            # 1..own scale onto 1..scale, so 8 of 10 reads as 4.1 of 5 alike on every version
            total += 1 + Decimal(value - 1) * (scale - 1) / (asked.scale - 1)
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
