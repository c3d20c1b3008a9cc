import datetime
import pytest
from stratmon.facts import sample
from stratmon.plans.models import Plan
from stratmon.reports.build import build_report
from stratmon.reports.render import render
from stratmon.reports.summary import executive_summary

pytestmark = pytest.mark.django_db


def test_scratch(builtin):
    sample.load_sample(datetime.date(2026, 11, 22))
    plan = Plan.objects.get(code="rocb-ap-sap-2022-2024", superseded_by__isnull=True)
    r = build_report(plan, datetime.date(2024, 6, 30), datetime.date(2023, 6, 30))
    print(executive_summary(r))
    print(len(r.changes), r.matrix and len(r.matrix["columns"]))
    for fmt in ("pdf", "xlsx", "csv"):
        open(f"/tmp/rc.{fmt}", "wb").write(render(r, fmt))
