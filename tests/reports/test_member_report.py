"""The Member report: its model, its files read back (PDF text, XLSX numbers), the command
line and the web download, with who may have it and what it costs."""

import datetime
import io
import os
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from stratmon.facts import sample
from stratmon.facts.models import MemberStatus, Participation
from stratmon.kpis.live import plan_evaluations
from stratmon.plans.models import Member, Organisation, Plan
from stratmon.reports.member_build import build_member_report
from stratmon.reports.member_model import MemberReport
from stratmon.reports.member_pdf import render_member_pdf
from stratmon.reports.member_xlsx import render_member_xlsx
from stratmon.web.member_profile import build_profile

pytestmark = pytest.mark.django_db
D = datetime.date
ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"
AS_OF = D(2024, 6, 30)
STATUS_WORDS = {"achieved": "achieved", "in_progress": "in progress", "planned": "planned",
                "not_started": "not started"}  # fmt: skip


@pytest.fixture
def sampled(builtin):
    sample.load_sample(D(2026, 11, 22))


@pytest.fixture
def fiji(sampled):
    return build_member_report(Member.objects.get(iso3="FJI"), AS_OF)


def flat(text):
    return re.sub(r"\s+", " ", text)


def test_the_model_covers_every_plan_of_the_members_organisations(fiji, superuser):
    # Fiji is a Member of WCO A/P and OCO: both plans, with what the profile shows
    assert (fiji.name, fiji.iso3, fiji.as_of) == ("Fiji", "FJI", AS_OF)
    assert {m["code"] for m in fiji.memberships} == {"rocb-ap", "oco"}
    assert {p.plan for p in fiji.plans} == {ROCB, OCO}
    profile = build_profile(superuser, Member.objects.get(iso3="FJI"), AS_OF, None)
    shown = {(p.plan.code, r.evaluation.kpi.code): r.counted for p in profile.plans for r in p.rows}
    assert {(p.plan, k["kpi"]): k["counted"] for p in fiji.plans for k in p.kpis} == shown
    assert [t["topic"] for t in fiji.topics] == [r.topic.code for r in profile.topics]
    assert fiji.people == profile.people and fiji.activity_counts["total"] == (
        profile.activities.paginator.count
    )
    # every status in the history is there, newest first
    statuses = MemberStatus.objects.filter(member__iso3="FJI", effective__lte=AS_OF)
    assert sum(1 + len(t["earlier"]) for t in fiji.topics) == statuses.count()
    for topic in fiji.topics:
        days = [topic["effective"], *(s["effective"] for s in topic["earlier"])]
        assert days == sorted(days, reverse=True)


def test_the_model_round_trips_as_data(fiji):
    assert MemberReport.from_data(fiji.to_data()) == fiji


def test_the_pdf_names_the_member_the_date_and_every_topics_status(fiji):
    reader = PdfReader(io.BytesIO(render_member_pdf(fiji)))
    pages = [flat(page.extract_text()) for page in reader.pages]
    text = " ".join(pages)
    assert "Fiji (FJI)" in text and "Member report as of 30 June 2024" in text
    for topic in fiji.topics:
        row = text.split(topic["name"], 1)[1][:60]
        assert STATUS_WORDS[topic["status"]] in row, topic["name"]
    for plan in fiji.plans:
        assert plan.title in text
        for kpi in plan.kpis:
            assert kpi["kpi"] in text
    # the as-of date and the page number on every page
    for n, page in enumerate(pages, start=1):
        assert f"Page {n} of {len(pages)}" in page
        if n > 1:
            assert "Member report as of 30 June 2024" in page
    assert len(pages) > 3


def test_the_xlsx_numbers_equal_the_model_and_the_engine(fiji):
    book = load_workbook(io.BytesIO(render_member_xlsx(fiji)))
    assert book.sheetnames == [
        "Summary",
        "Topics",
        "KPIs",
        "Activities",
        "Participants",
        "Requests",
    ]
    for sheet in book.worksheets[1:]:
        assert sheet.freeze_panes == "A4" and sheet.auto_filter.ref.startswith("A3:")
    evaluations = {
        (e.kpi.plan.code, e.kpi.code): e
        for p in fiji.plans
        for e in plan_evaluations(Plan.objects.get(code=p.plan, superseded_by__isnull=True), AS_OF)
    }
    rows = list(book["KPIs"].iter_rows(min_row=4, values_only=True))
    model = [(p, k) for p in fiji.plans for k in p.kpis]
    assert len(rows) == len(model)
    for row, (plan, kpi) in zip(rows, model, strict=True):
        assert row[:3] == (plan.plan, plan.organisation, kpi["kpi"])
        result = evaluations[(plan.plan, kpi["kpi"])].result
        assert (row[6] is None and result.actual is None) or Decimal(str(row[6])) == result.actual
        assert row[5] == result.status.replace("_", " ")
        assert row[8] == ("yes" if kpi["counted"] else "no")
        assert (row[9] and row[9].date()) == (
            D.fromisoformat(kpi["since"]) if kpi["since"] else None
        )
    topics = list(book["Topics"].iter_rows(min_row=4, values_only=True))
    assert [(t[0], t[2], t[3].date()) for t in topics] == [
        (t["topic"], t["status"].replace("_", " "), D.fromisoformat(t["effective"]))
        for t in fiji.topics
    ]
    people = [r[2] for r in book["Participants"].iter_rows(min_row=4, values_only=True)]
    assert (
        sum(people)
        == fiji.people
        == Participation.objects.filter(
            member__iso3="FJI", activity__status="held", activity__start__lte=AS_OF
        ).count()
    )
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r[0]}
    assert summary["Topics with a status"] == len(fiji.topics)
    assert summary["Activities hosted or attended"] == fiji.activity_counts["total"]
    assert summary["Requests made"] == fiji.requests["made"]
    assert summary["As of"].date() == AS_OF
    for plan in fiji.plans:
        assert summary[f"{plan.organisation} {plan.plan}: Member KPIs counting it"] == plan.counted


# The command line: `stratmon report --member ISO3 …`.


def test_the_command_writes_the_members_report(sampled, tmp_path):
    out = tmp_path / "fji.xlsx"
    call_command("report", "--member", "fji", "--format", "xlsx", "--as-of", "2024-06-30",
                 "--out", str(out))  # fmt: skip
    book = load_workbook(out)
    assert book["Summary"]["B3"].value == "FJI"


@pytest.mark.parametrize(
    "args, message",
    [
        (["--member", "XXX", "--format", "pdf"], "--member: no Member with ISO3 code 'XXX'"),
        (["--member", "FJI", "--format", "pdf", "--as-of", "2024-02-30"],
         "--as-of: not a date: '2024-02-30'"),
        (["--member", "FJI", "--format", "csv"], "--format csv: a Member report is pdf or xlsx"),
        ([ROCB, "--member", "FJI", "--format", "pdf"], "name a plan or --member, not both"),
        (["--member", "FJI", "--format", "pdf", "--since", "2024-01-01"],
         "--since is for a plan's report"),
    ],
)  # fmt: skip
def test_the_command_says_what_is_wrong_and_writes_nothing(builtin, tmp_path, args, message):
    out = tmp_path / "report.out"
    with pytest.raises(CommandError) as error:
        call_command("report", *args, "--out", str(out))
    assert str(error.value).startswith(message) and "\n" not in str(error.value)
    assert error.value.returncode == 1
    assert not out.exists()


def test_the_cli_exits_1_with_one_line(tmp_path):
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ["STRATMON_VAR_DIR"] = str(tmp_path / "var")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "stratmon", *args], capture_output=True,
                              text=True, env=environ, timeout=300, check=False)  # fmt: skip

    assert run("init").returncode == 0
    out = tmp_path / "x.pdf"
    done = run("report", "--member", "XYZ", "--format", "pdf", "--out", str(out))
    assert done.returncode == 1 and not out.exists()
    assert done.stderr.strip() == "Error: --member: no Member with ISO3 code 'XYZ' (e.g. FJI)"


# The web: `/members/<iso3>/report.<fmt>`, and the links on the Member profile.


def share(code):
    Organisation.objects.filter(code=code).update(share_member_profiles=True)


def test_the_focal_point_of_fiji_downloads_fijis_report_and_no_other(client, sampled, focal_point):
    client.force_login(focal_point)
    response = client.get("/members/fji/report.pdf?as_of=2024-06-30")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="FJI_2024-06-30.pdf"'
    text = flat(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages))
    assert "Fiji (FJI)" in text and "Member report as of 30 June 2024" in text
    book = load_workbook(
        io.BytesIO(client.get("/members/FJI/report.xlsx?as_of=2024-06-30").content)
    )
    assert book["Summary"]["B3"].value == "FJI" and book["Summary"]["B4"].value.date() == AS_OF
    assert {r[0] for r in book["KPIs"].iter_rows(min_row=4, values_only=True)} == {ROCB, OCO}
    # another Member's, a Member that does not exist, a format a Member report has not
    assert client.get("/members/COK/report.pdf").status_code == 403
    assert client.get("/members/XXX/report.pdf").status_code == 404
    assert client.get("/members/FJI/report.csv").status_code == 404
    bad = client.get("/members/FJI/report.xlsx?as_of=2024-02-30")
    assert bad.status_code == 400
    assert bad.content.decode() == (
        "Bad report request: as_of: '2024-02-30' is not a date (YYYY-MM-DD)."
    )


@pytest.mark.parametrize(
    "user, shared, iso3, status",
    [
        ("secretariat_officer", (), "FJI", 200),
        ("secretariat_admin", (), "JPN", 200),
        ("secretariat_officer", ("oco",), "COK", 403),  # not a Member of WCO A/P
        ("other_focal_point", ("oco",), "FJI", 403),  # reads Fiji's shared profile, not this
        ("viewer", ("rocb-ap",), "FJI", 403),
        ("superuser", (), "COK", 200),
    ],
)
def test_who_downloads_a_members_report(client, builtin, request, user, shared, iso3, status):
    for code in shared:
        share(code)
    client.force_login(request.getfixturevalue(user))
    assert client.get(f"/members/{iso3}/report.xlsx").status_code == status


def test_the_secretariats_download_covers_its_own_organisations_plans(
    client, sampled, secretariat_officer
):
    client.force_login(secretariat_officer)
    response = client.get("/members/FJI/report.xlsx?as_of=2024-06-30")
    book = load_workbook(io.BytesIO(response.content))
    assert {r[0] for r in book["KPIs"].iter_rows(min_row=4, values_only=True)} == {ROCB}


def test_the_profile_links_to_the_report_for_those_who_may_download_it(
    client, builtin, focal_point, other_focal_point, secretariat_officer
):
    share("oco")
    links = (
        'href="/members/FJI/report.pdf?as_of=2024-06-30"',
        'href="/members/FJI/report.xlsx?as_of=2024-06-30"',
    )
    for user in (focal_point, secretariat_officer):
        client.force_login(user)
        html = client.get("/members/FJI/?as_of=2024-06-30").content.decode()
        assert 'id="member-report"' in html and all(link in html for link in links)
    # the Cook Islands' focal point reads Fiji's shared profile, without its report
    client.force_login(other_focal_point)
    response = client.get("/members/FJI/?as_of=2024-06-30")
    assert response.status_code == 200
    assert 'id="member-report"' not in response.content.decode()
    assert 'id="member-report"' in client.get("/members/COK/").content.decode()


# A download: session and user (2), the Member; then, the first time, the data version,
# Fiji's topics, the plans, their KPIs and topics (3), the KPIs' evaluations and counted
# sets (ROCB_KPIS and OCO_KPIS, as on the profile), the memberships, the activity counts,
# the latest activities, the participants and the requests (2). Again with the same data,
# the model is kept: session, user, Member, data version.
ROCB_KPIS = (1 + 2 + 7) + (1 + 7)
OCO_KPIS = (1 + 0 + 1) + (0 + 1)
FIRST = 2 + 1 + 1 + 1 + 3 + ROCB_KPIS + OCO_KPIS + 1 + 1 + 1 + 1 + 2
AGAIN = 2 + 1 + 1


def test_the_download_costs_the_same_queries_whatever_the_data(
    client, builtin, django_assert_num_queries, focal_point
):
    client.force_login(focal_point)
    sizes = []
    for day in (D(2023, 1, 31), D(2026, 11, 22)):
        sample.remove_sample()
        sample.load_sample(day)
        sizes.append(MemberStatus.objects.count() + Participation.objects.count())
        for expected in (FIRST, AGAIN):
            with django_assert_num_queries(expected):
                response = client.get("/members/FJI/report.xlsx?as_of=2024-06-30")
            assert response.status_code == 200
    assert sizes[1] > sizes[0] * 1.3
