"""Every report format, read back: the PDF's text, the XLSX's numbers, the CSV's KPI JSON."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from stratmon.facts import sample
from stratmon.kpis.services import evaluate_plan
from stratmon.plans.models import Plan
from stratmon.reports import pdf_report
from stratmon.reports.build import build_report
from stratmon.reports.csv_report import read_csv, render_csv
from stratmon.reports.model import Report
from stratmon.reports.pdf_report import render_pdf
from stratmon.reports.xlsx_report import render_xlsx
from tests.facts.test_workbook_libreoffice import SOFFICE, resave

pytestmark = pytest.mark.django_db
ROCB, OCO = "rocb-ap-sap-2022-2024", "oco-sp-2022-2027"
ROCB_TITLE = "ROCB A/P Strategic Action Plan 2022-2024"
AS_OF = datetime.date(2024, 6, 30)


@pytest.fixture
def facts(builtin):
    sample.load_sample(datetime.date(2026, 11, 22))


def plan(code):
    return Plan.objects.get(code=code, superseded_by__isnull=True)


@pytest.mark.parametrize("code", [ROCB, OCO])
def test_the_csv_round_trips_the_kpi_json(facts, code):
    report = build_report(plan(code), AS_OF)
    expected = [e.to_json() for e in evaluate_plan(plan(code), AS_OF)]
    rows = read_csv(render_csv(report))
    assert [{k: v for k, v in r.items() if k != "pillar"} for r in rows] == expected
    assert {r["pillar"] for r in rows} == {p.code for p in report.pillars if p.kpis}


@pytest.mark.parametrize("code", [ROCB, OCO])
def test_the_xlsx_numbers_equal_the_engine(facts, code):
    check_xlsx(load_workbook(io.BytesIO(render_xlsx(build_report(plan(code), AS_OF)))), code)


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed; .ci/run installs it")
def test_libreoffice_opens_and_saves_the_workbook_with_its_numbers(facts, tmp_path):
    path = tmp_path / "report.xlsx"
    path.write_bytes(render_xlsx(build_report(plan(ROCB), AS_OF)))
    # Saved without a window (headless), LibreOffice writes no view: the frozen panes go.
    check_xlsx(load_workbook(resave(path, tmp_path)), ROCB, frozen=False)


def check_xlsx(book, code, frozen=True):
    """Every KPI's figures, status and reason on the pillar sheets equal the engine's."""
    evaluations = {e.kpi.code: e for e in evaluate_plan(plan(code), AS_OF)}
    seen = 0
    for sheet in book.worksheets[1:]:
        if sheet.title in ("Members", "Changes"):
            continue
        assert sheet.auto_filter.ref.startswith("A3:")
        assert not frozen or sheet.freeze_panes == "B4"
        header = [c.value for c in sheet[3]]
        for values in sheet.iter_rows(min_row=4, values_only=True):
            row = dict(zip(header, values, strict=True))
            code_, actual, expected = row["KPI"], row["Actual"], row["Expected"]
            projected, status, reason = row["Projected"], row["Status"], row["Reason"]
            result = evaluations[code_].result
            figures = ((actual, result.actual), (expected, result.expected))
            for got, want in (*figures, (projected, result.projected)):
                assert (got is None and want is None) or Decimal(str(got)) == want
            assert status == result.status.replace("_", " ") and reason == result.reason
            seen += 1
    assert seen == len(evaluations)
    summary = book["Summary"]
    assert summary["B5"].value.date() == AS_OF


def test_the_pdf_names_every_kpi_with_its_status_and_the_as_of_date(facts):
    report = build_report(plan(ROCB), AS_OF, since=datetime.date(2023, 6, 30))
    reader = PdfReader(io.BytesIO(render_pdf(report)))
    pages = [p.extract_text() for p in reader.pages]
    text = "\n".join(pages)
    assert all("30 June 2024" in page for page in pages[1:]), "the as-of date on every page"
    # The report's pages, then its annex's, each numbered on its own (laid out apart).
    body = [page for page in pages if "Annex, page" not in page]
    annex = pages[len(body) :]
    assert all(f"Page {i} of {len(body)}" in page for i, page in enumerate(body, 1))
    assert annex and all(f"Annex, page {i} of {len(annex)}" in p for i, p in enumerate(annex, 1))
    assert all(ROCB_TITLE in page for page in annex), "the plan on every annex page"
    for kpi in report.kpis:
        assert f"{kpi['kpi']}" in text
    lines = text.splitlines()
    for kpi in report.kpis:
        status = kpi["status"].replace("_", " ")
        assert any(line.startswith(kpi["kpi"] + " ") and status in " ".join(lines[i : i + 6])
                   for i, line in enumerate(lines)), kpi["kpi"]  # fmt: skip
    assert "Executive summary" in text and "Contents" in text


def test_the_pdf_is_the_same_if_its_annex_cannot_be_laid_out_apart(facts, monkeypatch):
    """The annex is laid out in a second process; if that process fails, here instead."""
    report = build_report(plan(OCO), AS_OF)
    apart = render_pdf(report)
    monkeypatch.setattr(pdf_report.sys, "executable", "/nonexistent/python")
    assert render_pdf(report) == apart


def test_the_report_model_survives_its_stored_form(facts):
    report = build_report(plan(ROCB), AS_OF, since=datetime.date(2023, 6, 30))
    assert Report.from_data(report.to_data()) == report
