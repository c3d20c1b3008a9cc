"""What a report says beyond its KPI tables, read back from its files: what changed since
an earlier date or the last published report, the Member matrix, per-period results, data
completeness; and a published report rendered again from its stored data, unchanged."""

import datetime
import io
import re

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from stratmon.facts import sample
from stratmon.facts.records import save_records
from stratmon.kpis.changes import plan_comparison
from stratmon.kpis.heatmap import build_heatmap
from stratmon.kpis.live import plan_evaluations
from stratmon.plans.models import Plan
from stratmon.reports.build import build_report
from stratmon.reports.matrix import cell_text
from stratmon.reports.model import Report
from stratmon.reports.models import PublishedReport
from stratmon.reports.pdf_report import render_pdf
from stratmon.reports.publishing import publish
from stratmon.reports.render import FORMATS, render
from stratmon.reports.summary import executive_summary
from stratmon.reports.templatetags.report_tags import period_result
from stratmon.reports.xlsx_report import render_xlsx

pytestmark = pytest.mark.django_db
ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"
SINCE, AS_OF = datetime.date(2023, 6, 30), datetime.date(2024, 6, 30)


@pytest.fixture
def facts(builtin):
    sample.load_sample(datetime.date(2026, 11, 22))


def plan(code=ROCB):
    return Plan.objects.get(code=code, superseded_by__isnull=True)


@pytest.mark.parametrize("code", [ROCB, OCO])
def test_the_changes_are_those_of_the_what_changed_page(facts, code):
    report = build_report(plan(code), AS_OF, since=SINCE)
    page = plan_comparison(plan(code), SINCE, AS_OF)
    assert page.status, "the sample moves between the two plan-year ends"
    for kind in ("status", "actual", "expected"):
        listed = [c.kpi for c in report.changes if c.moved == kind]
        assert listed == [m.kpi.code for m in getattr(page, kind)]
    before = {e.kpi.code: e.result for e in plan_evaluations(plan(code), SINCE)}
    for change in report.changes:
        assert change.before["status"] == before[change.kpi].status
        assert change.before["reason"] == before[change.kpi].reason


def test_without_a_date_changes_count_from_the_last_published_report(facts, secretariat_officer):
    assert build_report(plan(), AS_OF).since is None  # nothing published yet
    publish(plan(), SINCE, secretariat_officer)
    report = build_report(plan(), AS_OF)
    assert report.since == SINCE and report.since_published
    counts = report.counts
    off = [c.kpi for c in report.status_changes if c.after["status"] == "off_track"]
    assert off  # the sample has a KPI fall off track in the year
    good = counts["achieved"] + counts["on_track"]
    assert executive_summary(report)[0] == (
        f"As of 30 June 2024, {good} of 60 KPIs are achieved or on track "
        f"({counts['achieved']} achieved, {counts['on_track']} on track); {len(off)} moved to "
        f"off track since the last report (30 June 2023): {', '.join(off)}."
    )
    assert PublishedReport.objects.get().since is None


def test_a_chosen_date_is_named_as_a_date(facts, secretariat_officer):
    publish(plan(), datetime.date(2023, 12, 31), secretariat_officer)
    report = build_report(plan(), AS_OF, since=SINCE)
    assert not report.since_published
    assert "since 30 June 2023" in " ".join(executive_summary(report))
    assert "last report" not in " ".join(executive_summary(report))


def test_the_pdf_shows_the_changes_the_matrix_periods_and_completeness(facts):
    report = build_report(plan(), AS_OF, since=SINCE)
    reader = PdfReader(io.BytesIO(render_pdf(report)))
    pages = [p.extract_text() for p in reader.pages]
    text = "\n".join(pages)
    changes = text.split("What changed since 30 June 2023\nEvery KPI")[1].split("Pillar 1:")[0]
    for change in report.status_changes:
        then, now = (change.before["status"], change.after["status"])
        row = re.search(rf"^{re.escape(change.kpi)} .*$", changes, re.M)
        assert row, change.kpi
        assert then.replace("_", " ") in row.group(0) + changes[row.end() : row.end() + 120]
        assert now.replace("_", " ") in changes[row.start() : row.end() + 200]
    # The matrix: every Member, on landscape pages, each cell with a symbol.
    first = next(i for i, t in enumerate(pages) if "Annex: Members by topic, 30 June" in t)
    annex = range(first, len(pages))
    assert all(reader.pages[i].mediabox.width > reader.pages[i].mediabox.height for i in annex)
    annex_text = "\n".join(pages[first:])
    heatmap = build_heatmap(plan(), AS_OF, "subregion")
    for row in heatmap.rows:
        assert row.member.iso3 in annex_text
    counted = sum(1 for r in heatmap.rows for c in r.cells if c.state == "in")
    assert annex_text.count("✓") >= counted
    assert all("30 June 2024" in page for page in pages[1:])
    # Per-period results of frequency targets, and the KPIs without data.
    periodic = [k for k in report.kpis if k["periods"]]
    assert periodic
    flat = " ".join(text.split())
    for kpi in periodic:
        for period in kpi["periods"]:
            assert period_result(period, kpi) in flat, kpi["kpi"]
    completeness = text.split("Data completeness\n")[-1]
    for code in report.no_data:
        assert code in completeness


def test_the_xlsx_members_sheet_holds_the_heat_map(facts):
    report = build_report(plan(), AS_OF)
    sheet = load_workbook(io.BytesIO(render_xlsx(report)))["Members"]
    heatmap = build_heatmap(plan(), AS_OF, "subregion")
    assert sheet.freeze_panes == "C4" and sheet.auto_filter.ref.startswith("A3:")
    assert len(sheet.conditional_formatting) == 1
    rows = list(sheet.iter_rows(min_row=4, max_row=3 + len(heatmap.rows), values_only=True))
    assert [r[2] for r in rows] == [r.member.iso3 for r in heatmap.rows]
    for column, c in enumerate(heatmap.columns, start=4):
        cells = [r[column] for r in rows]
        assert sum(1 for v in cells if " counted" in v) == c.counted
    stored = [cell for g in report.matrix["groups"] for r in g["rows"] for cell in r["cells"]]
    assert [v for r in rows for v in r[4:]] == [cell_text(c) for c in stored]
    # Under each column, the KPI's value: its count of Members.
    footer = next(r for r in sheet.iter_rows(values_only=True) if r[1] and "counted (" in r[1])
    assert list(footer[4:]) == [c.counted for c in heatmap.columns]


def test_the_xlsx_shows_per_period_results_changes_and_completeness(facts):
    report = build_report(plan(), AS_OF, since=SINCE)
    book = load_workbook(io.BytesIO(render_xlsx(report)))
    periods = {}
    for sheet in book.worksheets[1:5]:
        header = [c.value for c in sheet[3]]
        for values in sheet.iter_rows(min_row=4, values_only=True):
            row = dict(zip(header, values, strict=True))
            periods[row["KPI"]] = (row["Periods met"], row["Periods missed"])
    for kpi in report.kpis:
        met = sum(1 for p in kpi["periods"] if p["met"] is True)
        missed = sum(1 for p in kpi["periods"] if p["met"] is False)
        assert periods[kpi["kpi"]] == ((met, missed) if kpi["periods"] else (None, None))
    changes = book["Changes"]
    listed = [r[0] for r in changes.iter_rows(min_row=4, values_only=True)]
    assert listed == [c.kpi for c in report.changes]
    summary = {r[0]: r[1:] for r in book["Summary"].iter_rows(values_only=True) if r[0]}
    assert summary["KPIs with no data"][:2] == (len(report.no_data), ", ".join(report.no_data))
    assert summary["KPIs that changed status since then"][0] == len(report.status_changes)
    assert all(line in summary for line in executive_summary(report))


def test_a_published_report_renders_again_from_its_data_unchanged(facts, secretariat_officer):
    publish(plan(), SINCE, secretariat_officer)
    published = publish(plan(), AS_OF, secretariat_officer)
    assert published.data["matrix"] and published.data["changes"]
    row = {"member": "FJI", "topic": "rkc", "status": "not_started", "effective": "2023-01-02"}
    save_records({"member_statuses": [row]}, user=secretariat_officer, via="test", reason="fix")
    stored = Report.from_data(PublishedReport.objects.get(pk=published.pk).data)
    assert stored != build_report(plan(), AS_OF)  # the facts moved on
    for fmt in FORMATS:
        assert render(stored, fmt) == published.file(fmt), fmt
