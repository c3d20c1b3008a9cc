"""Sample training-needs rounds for `stratmon init --sample` and `stratmon sample load`: two
yearly rounds per organisation, answered by most of its Members through the same service as
the public page, so the priorities page has something to show. Titled `[Sample] …`; removed
with the rest of the sample data (facts.sample.remove_sample)."""

from __future__ import annotations

import datetime
import random

from stratmon.history.recording import record_change
from stratmon.plans.models import Member, Organisation

from . import services
from .models import Form, Purpose, Survey

LABEL = "[Sample] "
SEED = 2025
# Topics and how much Members need training on them (1–5), the first year; the second year
# some needs grow and some shrink, so the comparison shows movement.
NEEDS = {"aeo": 4.2, "rkc": 3.1, "tfa": 3.6, "hs-2022": 2.4, "ncen": 3.9, "valuation-db": 2.8,
         "rm-compendium": 3.3, "trade-recovery": 2.2}  # fmt: skip
DRIFT = {"aeo": -0.8, "trade-recovery": 1.4, "hs-2022": 0.6, "ncen": 0.3}


def load_needs_sample(end: datetime.date) -> dict[str, int]:
    """The rounds of the last two years whose round opened (1 March) by `end`, for each
    organisation with a training-needs form (`stratmon init` gives it one before the sample)."""
    rng = random.Random(SEED)
    years = [y for y in range(end.year - 2, end.year + 1) if datetime.date(y, 3, 1) <= end][-2:]
    surveys = responses = 0
    for org in Organisation.objects.filter(code__in=("rocb-ap", "oco")).order_by("code"):
        form = Form.objects.filter(organisation=org, code="training-needs").order_by("-version")
        if not form:
            continue
        members = list(Member.objects.of(org, end).order_by("iso3"))
        for n, year in enumerate(years):
            opens = datetime.datetime(year, 3, 1, 9, tzinfo=datetime.UTC)
            plan = services.SurveyPlan(
                form=form[0],
                title=f"{LABEL}Training needs assessment {year}",
                opens=opens,
                closes=opens + datetime.timedelta(days=45),
                open_link=False,
                year=year,
            )
            survey = services.open_survey(plan, user=None, via="sample")
            links = services.invite(
                survey, [services.Invitee(member=m) for m in members], user=None, via="sample"
            )
            surveys += 1
            for link in links:
                if rng.random() < 0.25:
                    continue  # about one Member in four does not answer
                posted = {"q-member": [link.member.iso3]}
                for code, need in NEEDS.items():
                    if rng.random() < 0.85:
                        mean = need + n * DRIFT.get(code, 0)
                        rating = min(5, max(1, round(rng.gauss(mean, 0.9))))
                        posted[f"q-needs-{code}"] = [str(rating)]
                response, _ = services.submit(survey, link, posted)
                responses += response is not None
    return {"needs-assessment rounds": surveys, "needs-assessment responses": responses}


def remove_needs_sample() -> int:
    """Delete the sample rounds (their links and responses go with them)."""
    rounds = Survey.objects.filter(title__startswith=LABEL, form__purpose=Purpose.NEEDS)
    for org in Organisation.objects.filter(surveys__in=rounds).distinct():
        refs = [f"SRV-{pk}" for pk in rounds.filter(organisation=org).values_list("pk", flat=True)]
        record_change(
            user=None,
            via="sample",
            source="sample data: remove",
            model=Survey,
            verb="deleted",
            refs=refs,
            organisation=org,
        )
    return rounds.delete()[0]
