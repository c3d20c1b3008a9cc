"""The status chart on the plan page: its figure, its table, and in Chromium under our CSP."""

import html
import json
import re

import pytest

from stratmon.plans.models import Plan
from tests.browser import chromium_page
from tests.conftest import PASSWORD

PLAN = "/plans/rocb-ap-sap-2022-2024/"


def figure_spec(page: str, title: str = "KPI status by pillar") -> dict:
    """The spec of the page's chart whose title starts with `title` (the plan page has two:
    the whole plan's bar, then a bar per pillar)."""
    specs = re.findall(r'<figure class="chart" data-spec="([^"]*)">', page)
    assert specs, "no chart figure"
    found = [json.loads(html.unescape(s)) for s in specs]
    return next(s for s in found if s["title"].startswith(title))


@pytest.mark.django_db
def test_the_plan_page_has_a_status_chart_with_its_table(client, builtin, viewer):
    client.force_login(viewer)
    page = client.get(PLAN).content.decode()
    spec = figure_spec(page)
    assert spec["title"].startswith("KPI status by pillar")
    groups = {v["group"] for v in spec["data"]["values"]}
    pillars = Plan.objects.get(code="rocb-ap-sap-2022-2024").pillars.count()
    assert groups == {f"Pillar {n}" for n in range(1, pillars + 1)}  # one bar per pillar
    assert sum(v["count"] for v in spec["data"]["values"]) == 60  # every KPI, once
    table = page[page.index('<details class="chart-table">') :]
    assert "<summary>KPI status by pillar" in table
    assert '<th scope="row">Pillar 1</th>' in table
    # The scripts come as files (no inline script), and only on pages with a chart.
    assert 'src="/static/web/charts.js"' in page
    assert "<script>" not in page
    assert "charts.js" not in client.get(PLAN + "changes/").content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_chart_draws_in_chromium_without_errors_or_csp_violations(
    live_server, builtin, focal_point, tmp_path
):
    with chromium_page() as page:
        console = []
        page.on("console", lambda m: console.append((m.type, m.text)))
        page.on("pageerror", lambda e: console.append(("pageerror", str(e))))
        failed = []
        page.on("response", lambda r: r.status >= 400 and failed.append(r.url))
        # Before any script of each page: collect the CSP violations the browser reports.
        page.add_init_script(
            "window.__csp = []; document.addEventListener('securitypolicyviolation',"
            " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI))"
        )
        page.goto(live_server.url + PLAN)
        page.fill("#id_username", "fp-fiji")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url("**" + PLAN)
        # The pillars' chart (the page's other chart is the whole plan's bar).
        pillars = page.locator(".pillar-chart figure.chart")
        pillars.locator(".chart-view svg").wait_for(timeout=15_000)
        svg = pillars.locator(".chart-view svg")
        assert "Pillar 1" in svg.inner_html()
        # A bar answers the mouse with its tooltip.
        pillars.locator("svg text[aria-roledescription='text mark']").first.hover()
        page.wait_for_selector("#vg-tooltip-element.visible", timeout=5_000)
        assert "Status" in page.locator("#vg-tooltip-element").inner_text()
        pillars.screenshot(path=str(tmp_path / "chart.png"))
        violations = page.evaluate("window.__csp")
    # Chromium asks for /favicon.ico, which we do not serve; every other request succeeded.
    assert [u for u in failed if not u.endswith("/favicon.ico")] == []
    errors = [
        c
        for c in console
        if c[0] in ("error", "pageerror") and not c[1].startswith("Failed to load resource")
    ]
    assert not errors, errors
    assert not [c for c in console if "Content Security Policy" in c[1]], console
    assert violations == []
