"""An exported workbook opened and saved again by LibreOffice Calc imports back unchanged,
formula-like text included (Debian's libreoffice-calc-nogui, headless)."""

import datetime
import os
import shutil
import subprocess

import pytest

from stratmon.facts import sample
from stratmon.facts.models import Output
from stratmon.facts.workbook import export_workbook, import_workbook

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
TRICKY = ['=HYPERLINK("http://evil.example","click")', "+1+2", "-3", "@SUM(A1)"]


def resave(source, folder):
    """Open `source` in LibreOffice Calc and save it as .xlsx again, as a person would."""
    out = folder / "resaved"
    env = dict(os.environ, HOME=str(folder))
    done = subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{folder}/lo-profile",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out / source.name


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed; .ci/run installs it")
@pytest.mark.django_db
def test_a_workbook_saved_again_by_libreoffice_imports_unchanged(builtin, tmp_path):
    # given the sample data, with text that looks like formulas
    sample.load_sample(datetime.date(2026, 11, 22))
    outputs = list(Output.objects.order_by("pk")[: len(TRICKY)])
    for output, title in zip(outputs, TRICKY, strict=True):
        output.title = title
        output.save(update_fields=["title"])
    export_workbook(tmp_path / "data.xlsx")
    # when LibreOffice opens and saves it, and it is imported again
    resaved = resave(tmp_path / "data.xlsx", tmp_path)
    report = import_workbook(resaved)
    # then nothing changed: every value, dates and numbers included, read back the same
    assert not report.changed, report.lines()
    titles = list(Output.objects.order_by("pk").values_list("title", flat=True)[: len(TRICKY)])
    assert titles == TRICKY
