"""Every page reads at phone (390 px), tablet (768 px) and laptop (1400 px) widths in Debian's
Chromium: nothing widens the page, and the plan page's KPI rows stay inside the screen."""

import datetime

import pytest

from stratmon.facts import sample
from tests.browser import chromium_page
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = (390, 768, 1400)
PLAN = "/plans/rocb-ap-sap-2022-2024/"
CHANGES = PLAN + "changes/?from=2023-06-30&to=2024-06-30"
SECRETARIAT_PAGES = (
    "/",
    "/organisations/rocb-ap/",
    PLAN,
    PLAN + "?sort=behind&as_of=2024-06-30",  # the KPIs as one sorted list
    CHANGES,
    "/review/",
    "/data/",
    "/data/member_statuses/",
    "/data/activities/new/",
    "/history/",
    "/users/",
    "/surveys/",
    "/surveys/forms/",
    "/surveys/new/",
    "/experts/",
    "/experts/new/",
    "/experts/updates/",
    "/requests/figures/",
    "/requests/",
    "/requests/new/",
)
FOCAL_POINT_PAGES = (
    "/",
    "/organisations/oco/",
    PLAN,
    CHANGES,
    "/submissions/",
    "/submissions/new/activity/",
    "/requests/",
    "/requests/new/",
)

# Boxes in CSS pixels; a pixel of rounding is not an overlap.
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"
KPI_CELLS_OUTSIDE = """() => {
  const w = window.innerWidth, bad = [];
  for (const td of document.querySelectorAll('table.kpis td')) {
    const r = td.getBoundingClientRect();
    // Off the screen, or its content spilling over its neighbours.
    if (r.left < -1 || r.right > w + 1 || td.scrollWidth > td.clientWidth + 1)
      bad.push(td.closest('tr').id + ': ' + (td.className || 'cell ' + (td.cellIndex + 1)));
  }
  return bad.slice(0, 5);
}"""
KPI_CELLS_OVERLAPPING = """() => {
  const bad = [];
  for (const tr of document.querySelectorAll('table.kpis tbody tr')) {
    const boxes = [...tr.children].map(td => td.getBoundingClientRect())
      .filter(r => r.width > 0 && r.height > 0);
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (x > 1 && y > 1) bad.push(tr.id + ' cells ' + (i + 1) + ' and ' + (j + 1));
    }
  }
  return bad.slice(0, 5);
}"""


def sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/")


def layout_problems(page, base, paths, shots=None):
    """Visit each path at each width; return what is wrong, as readable lines."""
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            response = page.goto(base + path)
            assert response.ok, f"{path} answered {response.status}"
            overflow = page.evaluate(OVERFLOW)
            if overflow > 1:
                problems.append(f"{path} at {width} px: the page is {overflow} px too wide")
            if path.split("?")[0] == PLAN:
                assert page.locator("table.kpis td").count() > 100
                for line in page.evaluate(KPI_CELLS_OUTSIDE):
                    problems.append(f"{path} at {width} px: KPI cell spills: {line}")
                for line in page.evaluate(KPI_CELLS_OVERLAPPING):
                    problems.append(f"{path} at {width} px: KPI cells overlap: {line}")
                if shots is not None and width in (390, 1400) and path == PLAN:
                    page.screenshot(path=str(shots / f"plan-{width}.png"))
                    page.locator("article.action").first.evaluate("a => a.scrollIntoView()")
                    page.screenshot(path=str(shots / f"plan-{width}-kpis.png"))
    return problems


def survey_pages():
    """The survey form builder and a survey's page (its link and QR code), of ROCB A/P."""
    from django.utils import timezone

    from stratmon.surveys import services
    from stratmon.surveys.models import Form

    services.load_templates()
    form = Form.objects.get(organisation__code="rocb-ap", code="participant-evaluation")
    now = timezone.now()
    plan = services.SurveyPlan(
        form=form, title="Evaluation", opens=now, closes=now + datetime.timedelta(days=7)
    )
    survey = services.open_survey(plan, user=None)
    return (f"/surveys/forms/{form.pk}/", f"/surveys/{survey.pk}/")


def test_the_secretariats_pages_fit_every_width(live_server, builtin, secretariat_admin, tmp_path):
    # With figures, so the dashboards' bars, sparklines and lists of changes are drawn.
    sample.load_sample(datetime.date(2026, 11, 22))
    paths = SECRETARIAT_PAGES + survey_pages()
    with chromium_page(1400, 900) as page:
        sign_in(page, live_server.url, "sec-admin")
        problems = layout_problems(page, live_server.url, paths, shots=tmp_path)
        # The header's many links wrap rather than run off a phone's screen.
        page.set_viewport_size({"width": 390, "height": 900})
        page.goto(live_server.url + "/")
        nav = page.locator("header.site nav").bounding_box()
        if nav["x"] < 0 or nav["x"] + nav["width"] > 391:
            problems.append(f"the navigation runs off a phone's screen: {nav}")
    assert problems == [], "\n".join(problems)
    for width in (390, 1400):
        assert (tmp_path / f"plan-{width}.png").stat().st_size > 10_000


def test_a_focal_points_pages_fit_every_width(live_server, builtin, focal_point):
    with chromium_page(1400, 900) as page:
        sign_in(page, live_server.url, "fp-fiji")
        problems = layout_problems(page, live_server.url, FOCAL_POINT_PAGES)
    assert problems == [], "\n".join(problems)


def test_the_sign_in_page_fits_every_width(live_server, db):
    with chromium_page(390, 900) as page:
        problems = layout_problems(page, live_server.url, ("/sign-in/",))
    assert problems == [], "\n".join(problems)
