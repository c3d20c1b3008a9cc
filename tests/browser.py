"""Playwright on Debian's Chromium, with the flags this machine needs (no browser download)."""

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@contextmanager
def chromium_page(width: int = 1280, height: int = 900) -> Iterator["object"]:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"Debian's chromium is not installed ({CHROMIUM}); .ci/run installs it")
    from playwright.sync_api import sync_playwright

    # The ORM runs beside Playwright's sync API, which holds an event loop.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            yield page
        finally:
            browser.close()


def watch_console(page) -> list[tuple[str, str]]:
    """Collects the page's console errors and uncaught exceptions from now on."""
    seen: list[tuple[str, str]] = []
    page.on("console", lambda m: seen.append((m.type, m.text)) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.append(("pageerror", str(e))))
    return seen


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Waits until the expression is true in the page. Playwright's wait_for_function runs the
    expression through the page's own eval, which our Content-Security-Policy refuses (Chromium
    enforces that since version 156); page.evaluate goes through DevTools and is not refused."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"still false after {timeout:.0f} s: {expression}")
        page.wait_for_timeout(50)


def sign_in(page, base: str, username: str) -> None:
    """Signs in through the sign-in form (the tests' users share conftest.PASSWORD)."""
    from tests.conftest import PASSWORD

    page.context.clear_cookies()
    page.goto(base + "/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state()


# axe-core impacts that fail a page; moderate and minor ones are reported by the bench only.
BLOCKING_IMPACTS = ("serious", "critical")


def assert_accessible(page) -> None:
    """axe-core (bundled with axe-playwright-python) finds no serious or critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    lines = [
        f"{v['impact']}: {v['id']} ({v['help']}) at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:5])
        for v in bad
    ]
    assert not bad, f"axe-core on {page.url}:\n" + "\n".join(lines)
