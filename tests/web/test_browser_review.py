"""The whole review cycle in Debian's Chromium: a focal point reports, the Secretariat returns
one report and approves the other, the KPI moves only on approval, the history tells it all."""

import pytest

from tests.browser import chromium_page
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PLAN = "/plans/rocb-ap-sap-2022-2024/"
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
RKC_KPI = "#kpi-1\\.g"  # Number of contracting Members of the RKC: 33/33 Members


def sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/")


def kpi_reason(page, base):
    page.goto(base + PLAN + "?as_of=2024-06-30")
    return page.locator(f"{RKC_KPI} .result").inner_text()


def test_a_report_goes_from_a_focal_point_through_review_into_the_kpi(
    live_server, builtin, focal_point, secretariat_officer, tmp_path, settings
):
    from stratmon.facts.models import MemberStatus, Participation
    from stratmon.history.models import Change

    settings.EVIDENCE_DIR = tmp_path / "evidence"
    base = live_server.url
    pdf = tmp_path / "RKC instrument of accession.pdf"
    pdf.write_bytes(PDF)
    people = "\n".join(
        f"Officer {i}\tFiji\t{'female' if i % 2 else 'male'}\tparticipant" for i in range(1, 31)
    )
    with chromium_page() as page:
        sign_in(page, base, "sec-officer")
        before = kpi_reason(page, base)

        # The focal point reports an RKC accession with its instrument as evidence …
        sign_in(page, base, "fp-fiji")
        page.click("#nav-submissions")
        page.click("#new-status")
        page.select_option("select[name=topic]", "rkc")
        page.select_option("select[name=status]", "achieved")
        page.fill("input[name=effective]", "2024-03-12")
        page.fill("textarea[name=evidence]", "Instrument deposited with the WCO on 12 March 2024")
        page.set_input_files("input[name=evidence_files]", str(pdf))
        page.click("#submit-for-review")
        page.wait_for_selector("#submission-state")
        assert page.locator("#submission-state").inner_text() == "Waiting for review"
        assert "RKC instrument of accession.pdf" in page.locator("#evidence-files").inner_text()
        rkc_url = page.url

        # … and a national workshop with 30 participants pasted from a spreadsheet.
        page.goto(base + "/submissions/")
        page.click("#new-activity")
        page.select_option("select[name=kind]", "workshop")
        page.fill("input[name=title]", "National workshop on the Revised Kyoto Convention")
        page.fill("input[name=start]", "2024-05-06")
        page.fill("input[name=end]", "2024-05-08")
        page.fill("input[name=place]", "Suva")
        page.click("details.paste summary")
        page.fill("textarea[name=paste]", people)
        page.click("button[value=fill]")
        page.wait_for_selector("input[value='Officer 30']")
        page.click("#submit-for-review")
        page.wait_for_selector("#submission-state")
        assert "(30 participants)" in page.locator("h1").inner_text()
        workshop_url = page.url

        # The Secretariat sees both waiting; the KPI has not moved.
        sign_in(page, base, "sec-officer")
        assert page.locator("#nav-review .count").inner_text() == "2"
        page.click("#nav-review")
        inbox = page.locator("#inbox").inner_text()
        assert "achieved from 2024-03-12" in inbox and "30 participants" in inbox
        assert kpi_reason(page, base) == before

        # Returned with a comment …
        page.goto(workshop_url)
        page.fill("#comment", "Please give each participant's role: who was a trainer?")
        page.click("#return")
        page.wait_for_url(base + "/review/")
        # … and approved: now it counts.
        page.goto(rkc_url)
        page.click("#approve")
        page.wait_for_url(base + "/review/")
        assert MemberStatus.objects.filter(member__iso3="FJI", topic__code="rkc").exists()
        after = kpi_reason(page, base)
        assert after != before

        # The focal point reads the comment, corrects, and submits again.
        sign_in(page, base, "fp-fiji")
        assert page.locator("#nav-submissions .count").inner_text() == "1"
        page.goto(workshop_url)
        assert "who was a trainer" in page.locator("#review-comment").inner_text()
        page.click("#correct-it")
        page.select_option("select[name='p-0-role']", "trainer")
        page.click("#submit-for-review")
        page.wait_for_selector("#submission-state")
        assert page.locator("#submission-state").inner_text() == "Waiting for review"

        # Approved in its turn: the activity and its 30 participants are recorded.
        sign_in(page, base, "sec-officer")
        page.goto(workshop_url)
        page.click("#approve")
        page.wait_for_url(base + "/review/")
        assert Participation.objects.filter(member__iso3="FJI").count() == 30
        assert Participation.objects.filter(role="trainer").count() == 1

        # The history tells every step: who, and why.
        page.goto(base + "/history/?model=submission")
        history = page.locator("main").inner_text()
        assert "Please give each participant's role" in history
        assert "fp-fiji" in history and "sec-officer" in history, history
        page.screenshot(path=str(tmp_path / "history.png"))
    steps = Change.objects.filter(model="submission").order_by("pk")
    assert [(c.user.username, c.verb) for c in steps] == [
        ("fp-fiji", "created"),
        ("fp-fiji", "updated"),  # submitted
        ("fp-fiji", "created"),
        ("fp-fiji", "updated"),  # submitted
        ("sec-officer", "updated"),  # returned
        ("sec-officer", "updated"),  # approved
        ("fp-fiji", "updated"),  # corrected
        ("fp-fiji", "updated"),  # submitted again
        ("sec-officer", "updated"),  # approved
    ]
    assert Change.objects.filter(via="review", model="memberstatus").exists()
