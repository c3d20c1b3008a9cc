"""The README's screenshots of the request desk, taken from a live server on a throwaway
database.

The database of bench/screenshots.py (built-in plans, labelled sample data with its dozen
desk requests, a ROCB A/P officer, Fiji's focal point). Photographs, as the officer, the
desk's work list, the ranked experts for the oldest accepted request, an evaluated request
with its steps, the desk's figures and an expert's profile; then, as Fiji's focal point on a
phone (390 × 844), the form that files a request.

    .venv/bin/python bench/desk_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.screenshots import PASSWORD, on_live_server  # noqa: E402

SHOTS = (
    "desk-requests.png",
    "desk-match.png",
    "desk-request.png",
    "desk-figures.png",
    "desk-expert.png",
    "desk-file.png",
)


def pick() -> dict[str, str]:
    """The pages to photograph: paths of an accepted and an evaluated rocb-ap request, and of
    the expert scheduled most often."""
    from django.db.models import Count

    from stratmon.desk.models import Case, State
    from stratmon.facts.models import Expert

    rocb = Case.objects.filter(organisation__code="rocb-ap")
    accepted = rocb.filter(state=State.ACCEPTED).order_by("received_on").first()
    evaluated = rocb.filter(state=State.EVALUATED).order_by("-received_on").first()
    busiest = Expert.objects.annotate(n=Count("assignments")).order_by("-n", "ref").first()
    if accepted is None or evaluated is None or busiest is None:
        raise SystemExit("the sample data has no accepted or evaluated request, or no expert")
    return {
        "desk-requests.png": "/requests/",
        "desk-match.png": f"/requests/{accepted.pk}/match/",
        "desk-request.png": f"/requests/{evaluated.pk}/",
        "desk-figures.png": "/requests/figures/",
        "desk-expert.png": f"/experts/{busiest.ref}/",
    }


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("#sign-in [type=submit]")
    page.wait_for_url(f"{base}/")


def photograph(base: str, out: Path, paths: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            sign_in(page, base, "rocb-officer")
            for name, path in paths.items():
                page.goto(f"{base}{path}")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=str(out / name), full_page=name == "desk-match.png")
            phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            sign_in(phone, base, "fiji-fp")
            phone.goto(f"{base}/requests/new/")
            phone.fill("input[name=subject]", "Expert mission on post-clearance audit")
            phone.screenshot(path=str(out / "desk-file.png"))
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    paths: dict[str, str] = {}
    on_live_server(
        lambda base: photograph(base, args.out, paths), prepare=lambda: paths.update(pick())
    )
    for name in SHOTS:
        path = args.out / name
        print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
