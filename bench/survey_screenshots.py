"""The README's screenshots of the surveys, taken from a live server on a throwaway database.

The database of bench/screenshots.py (built-in plans, labelled sample data with its needs
rounds, a ROCB A/P officer), plus an evaluation survey of the latest sample workshop answered
ten times through services.submit. Photographs, as the officer, the survey's page with its
open link and QR code, its results by question and the training-needs priorities; then the
response page as a respondent sees it on a phone (390 × 844).

    .venv/bin/python bench/survey_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.screenshots import PASSWORD, on_live_server  # noqa: E402

SHOTS = ("survey-page.png", "survey-respond.png", "survey-results.png", "survey-priorities.png")
# Ten participants' answers: (overall, relevance, trainers, organisation, gender, Member, text)
ANSWERS = [
    (5, 5, 5, 4, "Female", "FJI", "More time for the practical exercises."),
    (4, 5, 4, 4, "Male", "WSM", "Share the slides before the workshop."),
    (4, 4, 5, 3, "Female", "PNG", ""),
    (5, 4, 4, 4, "Female", "TON", "A follow-up session online in three months."),
    (3, 4, 3, 4, "Male", "VUT", "The case studies should include small island administrations."),
    (4, 5, 4, 5, "Prefer not to say", "", ""),
    (5, 5, 5, 5, "Female", "SLB", ""),
    (4, 3, 4, 4, "Male", "THA", "Longer days, fewer days."),
    (4, 4, 4, 3, "Female", "FJI", ""),
    (5, 5, 4, 4, "Male", "PNG", "Invite the revenue agencies too."),
]


def add_survey() -> tuple[int, str]:
    """An evaluation survey of the latest held sample workshop, answered ten times; returns
    its id and its open link's path."""
    from django.utils import timezone

    from stratmon.facts.models import Activity
    from stratmon.surveys import links, services
    from stratmon.surveys.models import Form

    activity = Activity.objects.filter(kind="workshop", status="held").order_by("-start").first()
    form = Form.objects.get(organisation__code="rocb-ap", code="participant-evaluation")
    now = timezone.now()
    plan = services.SurveyPlan(
        form=form,
        title=f"Evaluation: {activity.title}" if activity else form.title,
        activity=activity,
        opens=now - datetime.timedelta(hours=2),
        closes=now + datetime.timedelta(days=14),
    )
    survey = services.open_survey(plan, user=None)
    for overall, relevance, trainers, organisation, gender, member, text in ANSWERS:
        posted = {
            "q-overall": [str(overall)],
            "q-relevance": [str(relevance)],
            "q-trainers": [str(trainers)],
            "q-organisation": [str(organisation)],
            "q-gender": [gender],
            "q-member": [member] if member else [],
            "q-improve": [text] if text else [],
            "q-role": ["Participant"],
        }
        response, checked = services.submit(survey, None, posted)
        if response is None:
            raise SystemExit(f"a sample answer was refused: {checked.errors}")
    return survey.pk, links.url_of(survey.key)


def photograph(base: str, out: Path, survey: int, link: str) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{base}/sign-in/")
            page.fill("input[name=username]", "rocb-officer")
            page.fill("input[name=password]", PASSWORD)
            page.click("#sign-in [type=submit]")
            page.wait_for_url(f"{base}/")
            for path, name in (
                (f"/surveys/{survey}/", "survey-page.png"),
                (f"/surveys/{survey}/results/", "survey-results.png"),
                ("/surveys/priorities/?org=rocb-ap", "survey-priorities.png"),
            ):
                page.goto(f"{base}{path}")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(out / name))
            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(f"{base}{link}")
            phone.check("input[name=q-overall][value='5']")
            phone.check("input[name=q-relevance][value='4']")
            phone.screenshot(path=str(out / "survey-respond.png"))
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    made: list[tuple[int, str]] = []
    on_live_server(
        lambda base: photograph(base, args.out, *made[0]),
        prepare=lambda: made.append(add_survey()),
    )
    for name in SHOTS:
        path = args.out / name
        print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
