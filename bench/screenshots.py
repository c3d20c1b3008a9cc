"""The README's screenshots of the review pages and the dashboards, taken from a live server on
a throwaway database.

Builds a fresh SQLite database in a temporary folder (built-in plans and the labelled sample
data, as `make run`), a Fiji focal point, Samoa and Papua New Guinea focal points and a ROCB A/P
officer, five submissions sent through stratmon.submissions.services, then serves it with
`manage.py runserver` and photographs, as the officer, the review inbox and the ROCB A/P plan
"with pending submissions included" (scrolled to KPI 1.g, the RKC); then, at 1400 × 900, the
officer's home (its organisation's), the plan dashboard, the ROCB A/P gender and evaluation
dashboard, its Members × topics heat map and Fiji's Member profile, all as of 30 June 2024,
the plan's last day. Playwright drives Debian's Chromium, as
the browser tests do (tests/browser.py); nothing is downloaded. Also KPI 1.g's own page as
of 30 June 2024 at 1400 × 900 (kpi-page.png).

    .venv/bin/python bench/screenshots.py [--out docs/screenshots] [--only people.png]
"""

from __future__ import annotations

import argparse
import datetime
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "screenshot-pass-2026"
PLAN = "rocb-ap-sap-2022-2024"
DASHBOARDS = [
    ("/?as_of=2024-06-30", "home.png"),
    (f"/plans/{PLAN}/?as_of=2024-06-30", "plan-dashboard.png"),
]
# The heat map and a Member profile (no chart to wait for on the heat map).
MEMBERS = (
    (f"/plans/{PLAN}/heatmap/?as_of=2024-06-30", "heatmap.png"),
    ("/members/FJI/?as_of=2024-06-30", "member-profile.png"),
)

# Fictional names, in the style of a Fiji Customs nomination list.
PARTICIPANTS = [
    ("Mere Naivalu", "female", "head_of_delegation"),
    ("Josaia Tuilau", "male", ""),
    ("Sereana Raduva", "female", ""),
    ("Vilikesa Koroi", "male", ""),
    ("Litia Waqanivalu", "female", ""),
    ("Apenisa Ratu", "male", ""),
    ("Ana Seruvatu", "female", ""),
    ("Timoci Baleilevuka", "male", ""),
    ("Salote Vunidilo", "female", ""),
    ("Pita Nacola", "male", ""),
    ("Unaisi Delai", "female", ""),
    ("Semi Matanitobua", "male", ""),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def build(today: datetime.date) -> None:
    """The database: plans, sample data, users and five waiting submissions."""
    from stratmon import bootstrap
    from stratmon.accounts import services as accounts
    from stratmon.plans.models import Member
    from stratmon.submissions import services
    from stratmon.submissions.models import Submission

    bootstrap.initialise(lambda line: None, sample=True)
    people = {
        "fiji-fp": accounts.role_spec("focal_point", member="FJI"),
        "samoa-fp": accounts.role_spec("focal_point", member="WSM"),
        "png-fp": accounts.role_spec("focal_point", member="PNG"),
        "rocb-officer": accounts.role_spec("secretariat_officer", org="rocb-ap"),
    }
    users = {
        name: accounts.add_user(name, spec, password=PASSWORD, via="cli")[0]
        for name, spec in people.items()
    }
    members = {m.iso3: m for m in Member.objects.filter(iso3__in=["FJI", "WSM", "PNG"])}

    def send(user: str, iso3: str, kind: str, rows: dict, days_ago: int) -> None:
        sent = services.submit(
            users[user], services.save_draft(users[user], members[iso3], kind, rows)
        )
        # Spread the ages a little, as a real inbox has them (oldest first).
        when = sent.submitted_at - datetime.timedelta(days=days_ago)
        Submission.objects.filter(pk=sent.pk).update(submitted_at=when)

    send(
        "fiji-fp",
        "FJI",
        "status",
        {
            "member_statuses": [
                {
                    "topic": "rkc",
                    "status": "achieved",
                    "effective": "2026-03-12",
                    "evidence": "Instrument of accession to the Revised Kyoto Convention, "
                    "deposited with the WCO Secretary General on 12 March 2026",
                }
            ]
        },
        days_ago=9,
    )
    send(
        "png-fp",
        "PNG",
        "status",
        {
            "member_statuses": [
                {
                    "topic": "single-window",
                    "status": "in_progress",
                    "effective": "2026-09-01",
                    "evidence": "National Single Window project: pilot with two agencies",
                }
            ]
        },
        days_ago=6,
    )
    start = today - datetime.timedelta(days=23)
    send(
        "fiji-fp",
        "FJI",
        "activity",
        {
            "activities": [
                {
                    "kind": "workshop",
                    "title": "National workshop on RKC implementation",
                    "start": start.isoformat(),
                    "end": (start + datetime.timedelta(days=2)).isoformat(),
                    "place": "Suva",
                }
            ],
            "participations": [
                {"person": name, "gender": gender, "role": role}
                for name, gender, role in PARTICIPANTS
            ],
        },
        days_ago=3,
    )
    send(
        "fiji-fp",
        "FJI",
        "request",
        {
            "requests": [
                {
                    "subject": "Technical assistance to draft a post-clearance audit manual",
                    "activity_kind": "mission",
                    "requested_on": (today - datetime.timedelta(days=1)).isoformat(),
                }
            ]
        },
        days_ago=1,
    )
    send(
        "samoa-fp",
        "WSM",
        "status",
        {
            "member_statuses": [
                {
                    "topic": "aeo",
                    "status": "planned",
                    "effective": "2026-10-15",
                    "evidence": "AEO programme approved by the Comptroller; launch in 2027",
                }
            ]
        },
        days_ago=0,
    )


def serve(port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the server did not start")


SHOTS = (
    "review-inbox.png",
    "plan-pending.png",
    "people.png",
    *(name for _, name in DASHBOARDS),
    *(name for _, name in MEMBERS),
    "kpi-page.png",
)


def photograph(base: str, out: Path, only: tuple[str, ...] = SHOTS) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"{base}/sign-in/")
            page.fill("input[name=username]", "rocb-officer")
            page.fill("input[name=password]", PASSWORD)
            page.click("#sign-in [type=submit]")
            page.wait_for_url(f"{base}/")
            if "review-inbox.png" in only:
                page.goto(f"{base}/review/")
                page.screenshot(path=str(out / "review-inbox.png"))
            if "plan-pending.png" in only:
                page.goto(f"{base}/plans/{PLAN}/?pending=1#kpi-1.g")
                page.evaluate(
                    "document.getElementById('kpi-1.g').scrollIntoView({block: 'center'})"
                )
                page.screenshot(path=str(out / "plan-pending.png"))
            if "people.png" in only:
                page.set_viewport_size({"width": 1400, "height": 900})
                page.goto(f"{base}/plans/{PLAN}/people/?as_of=2024-06-30")
                page.wait_for_selector("#women figure.chart .chart-view svg", timeout=15_000)
                page.screenshot(path=str(out / "people.png"))
            page.set_viewport_size({"width": 1400, "height": 900})
            for path, name in DASHBOARDS:
                if name in only:
                    page.goto(f"{base}{path}")
                    # The charts are drawn in the page (vega-embed): wait for their SVG.
                    page.wait_for_selector("figure.chart .chart-view svg", timeout=15_000)
                    page.screenshot(path=str(out / name))
            for path, name in MEMBERS:
                if name in only:
                    page.goto(f"{base}{path}")
                    page.wait_for_load_state("networkidle")
                    page.screenshot(path=str(out / name))
            if "kpi-page.png" in only:
                photograph_kpi_page(browser, page.context, base, out)
        finally:
            browser.close()


def photograph_kpi_page(browser: object, signed_in: object, base: str, out: Path) -> None:
    """The KPI page of the RKC's contracting parties (ROCB 1.g) as of the plan's last day, at
    1400 × 900 once the chart is drawn (docs/kpi-page.md)."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1400, "height": 900},
        storage_state=signed_in.storage_state(),  # type: ignore[attr-defined]
    )
    page = context.new_page()
    page.goto(f"{base}/plans/{PLAN}/kpis/1.g/?as_of=2024-06-30")
    page.wait_for_selector("figure.chart .chart-view svg")
    page.screenshot(path=str(out / "kpi-page.png"))
    context.close()


def on_live_server(shoot: Callable[[str], None], prepare: Callable[[], None] | None = None) -> None:
    """Build the throwaway database (`build`, then `prepare`), serve it, and call `shoot` with
    the server's address; the database and the server are gone afterwards."""
    with tempfile.TemporaryDirectory(prefix="stratmon-shots-") as var:
        env = {**os.environ, "STRATMON_VAR_DIR": var, "DJANGO_SETTINGS_MODULE": "stratmon.settings"}
        env.pop("DATABASE_URL", None)
        os.environ.clear()
        os.environ.update(env)
        import django

        django.setup()
        from django.utils import timezone

        build(timezone.localdate())
        if prepare is not None:
            prepare()
        port = free_port()
        server = serve(port, env)
        try:
            shoot(f"http://127.0.0.1:{port}")
        finally:
            server.terminate()
            server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument(
        "--only", nargs="+", choices=SHOTS, default=SHOTS, help="take these screenshots only"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    on_live_server(lambda base: photograph(base, args.out, tuple(args.only)))
    for name in args.only:
        path = args.out / name
        print(f"{path}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
