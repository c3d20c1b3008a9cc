"""The `stratmon` command as users and scripts drive it: exit codes, one-line errors, JSON."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from stratmon.planfiles.schema import read_plan_file
from stratmon.plans import services

STRATMON = [sys.executable, "-m", "stratmon"]


def run(args, tmp_path, **env):
    """Run the CLI in a fresh process on its own SQLite file under tmp_path."""
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ.update({"STRATMON_VAR_DIR": str(tmp_path / "var"), **env})
    return subprocess.run(
        [*STRATMON, *args], capture_output=True, text=True, env=environ, timeout=120, check=False
    )


@pytest.fixture(scope="module")
def initialised(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("cli")
    first = run(["init", "--sample"], tmp)
    assert first.returncode == 0, first.stderr
    return tmp, first


def test_init_loads_both_plans_and_prints_the_admin_password_once(initialised):
    tmp, first = initialised
    assert "rocb-ap-sap-2022-2024: created (4 pillars, 54 actions, 60 KPIs)" in first.stdout
    assert "oco-sp-2022-2027: created (6 priorities, 81 actions, 83 KPIs)" in first.stdout
    assert "password:" in first.stdout
    again = run(["init"], tmp)
    assert again.returncode == 0
    assert "unchanged" in again.stdout
    assert "password" not in again.stdout


def test_plan_list_json_shows_both_plans_with_their_counts(initialised):
    tmp, _ = initialised
    out = run(["plan", "list", "--json"], tmp)
    assert out.returncode == 0, out.stderr
    plans = {p["code"]: p for p in json.loads(out.stdout)}
    assert (plans["rocb-ap-sap-2022-2024"]["actions"], plans["rocb-ap-sap-2022-2024"]["kpis"]) == (
        54,
        60,
    )
    assert plans["oco-sp-2022-2027"]["actions"] == 81
    assert plans["rocb-ap-sap-2022-2024"]["organisation"] == "rocb-ap"
    assert plans["rocb-ap-sap-2022-2024"]["period"] == {"start": "2022-07-01", "end": "2024-06-30"}


def test_export_then_load_changes_nothing(initialised):
    tmp, _ = initialised
    out_file = tmp / "rocb.yaml"
    assert (
        run(["plan", "export", "rocb-ap-sap-2022-2024", "--out", str(out_file)], tmp).returncode
        == 0
    )
    shipped = dict(services.builtin_plan_files())["rocb-ap-sap-2022-2024.yaml"]
    assert out_file.read_text(encoding="utf-8") == shipped
    loaded = run(["plan", "load", str(out_file)], tmp)
    assert loaded.returncode == 0
    assert (
        loaded.stdout.strip() == "rocb-ap-sap-2022-2024: unchanged (4 pillars, 54 actions, 60 KPIs)"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "Error: {path}: no such file"),
        (
            "code: [",
            "Error: bad.yaml: line 2: bad YAML: did not find expected node content",
        ),
        ("stratmon_plan: 1\n", "Error: bad.yaml: top level: missing key 'code'"),
    ],
)
def test_plan_load_errors_are_one_line_and_exit_1(initialised, tmp_path, content, message):
    tmp, _ = initialised
    path = tmp_path / "bad.yaml"
    if content is not None:
        path.write_text(content)
    out = run(["plan", "load", str(path)], tmp)
    assert out.returncode == 1
    assert out.stderr.strip() == message.format(path=path)
    assert "Traceback" not in out.stderr


def test_a_bad_date_names_its_place(initialised, tmp_path):
    tmp, _ = initialised
    shipped = dict(services.builtin_plan_files())["rocb-ap-sap-2022-2024.yaml"]
    path = tmp_path / "rocb.yaml"
    lines = shipped.splitlines(keepends=True)
    # The fourth action's KPI deadline, as in the example.
    deadlines = [i for i, line in enumerate(lines) if "deadline:" in line]
    lines[deadlines[3]] = lines[deadlines[3]].replace("2024-06-30", "30 Juen 2024")
    path.write_text("".join(lines))
    out = run(["plan", "load", str(path)], tmp)
    assert out.returncode == 1
    assert out.stderr.strip() == (
        "Error: rocb.yaml: pillars[0].actions[3].kpis[0].deadline: not a date: '30 Juen 2024' "
        "(write YYYY-MM-DD)"
    )


def test_export_of_an_unknown_plan_exits_1(initialised):
    tmp, _ = initialised
    out = run(["plan", "export", "nope"], tmp)
    assert out.returncode == 1
    assert out.stderr.startswith("Error: no plan with code 'nope' (known: ")


def test_a_bad_database_url_fails_the_system_check_with_a_stable_id(tmp_path):
    out = run(["check"], tmp_path, DATABASE_URL="mysql2://nowhere/x")
    assert out.returncode == 1
    assert "stratmon.E001" in out.stderr
    assert "DATABASE_URL cannot be used" in out.stderr


def test_django_commands_pass_through(tmp_path):
    out = run(["check"], tmp_path)
    assert out.returncode == 0
    assert "no issues" in out.stdout


def test_manage_py_is_the_same_command(tmp_path):
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run(
        [sys.executable, str(root / "manage.py"), "help", "plan"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "STRATMON_VAR_DIR": str(tmp_path)},
    )
    assert out.returncode == 0
    assert "load" in out.stdout


def test_plan_import_writes_a_plan_file_that_loads(initialised, tmp_path):
    tmp, _ = initialised
    doc = tmp_path / "plan.txt"
    doc.write_text(
        "# Regional Action Plan 2024-2026\n\n"
        "This plan applies from July 2024 to June 2026.\n\n"
        "## 1. Trade facilitation\n\n"
        "\tAction\tKPI\tTarget\tDeadline\n"
        "a)\tRun a time release workshop\tWorkshops held\tAt least once a year\t30 June 2026\n"
        "b)\tHelp Members join the RKC\tNumber of Members\tAt least 20/33 Members\t30 June 2026\n",
        encoding="utf-8",
    )
    out_file = tmp_path / "plan.yaml"
    imported = run(
        [
            "plan",
            "import",
            str(doc),
            "--org",
            "rocb-ap",
            "--code",
            "test-import",
            "--out",
            str(out_file),
        ],
        tmp,
    )
    assert imported.returncode == 0, imported.stderr
    assert "table document; 1 pillar, 2 actions, 2 KPIs; 1 warning to review" in imported.stderr
    loaded = run(["plan", "load", str(out_file)], tmp)
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.strip() == "test-import: created (1 pillar, 2 actions, 2 KPIs)"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Error: doc.txt: the document is empty"),
        (b"\x00\x01binary", "Error: doc.txt: a binary file (NUL bytes), not a text document"),
        (b"just some words\nand more words\n", "Error: doc.txt: no recognisable plan structure"),
    ],
)
def test_plan_import_refuses_bad_documents_in_one_line(initialised, tmp_path, content, message):
    tmp, _ = initialised
    doc = tmp_path / "doc.txt"
    doc.write_bytes(content)
    out = run(["plan", "import", str(doc), "--out", str(tmp_path / "x.yaml")], tmp)
    assert out.returncode == 1
    assert out.stderr.strip().startswith(message)
    assert len(out.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.yaml").exists()


def test_a_changed_plan_file_becomes_a_new_version_staged_as_a_draft_on_request(tmp_path):
    # given an installation with the built-in plans, and the ROCB plan file with 1.a changed
    assert run(["init"], tmp_path).returncode == 0
    shipped = dict(services.builtin_plan_files())["rocb-ap-sap-2022-2024.yaml"]
    changed = tmp_path / "rocb.yaml"
    changed.write_text(shipped.replace("At least 33/33 Members", "At least 30/33 Members", 1))

    # when it is loaded as a draft, twice
    first = run(["plan", "load", str(changed), "--draft"], tmp_path)
    again = run(["plan", "load", str(changed), "--draft"], tmp_path)

    # then version 2 is a draft beside version 1, with the diff, and the second load is a no-op
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert lines[0].startswith("rocb-ap-sap-2022-2024: version 2 created as a draft beside")
    assert lines[1] == (
        "rocb-ap-sap-2022-2024: this version changes version 1 in use (KPIs: 1 changed):"
    )
    assert lines[2] == "  ~ KPI 1.a: target: 'At least 33/33 Members' → 'At least 30/33 Members'"
    assert lines[3] == f"Confirm it with `stratmon plan load {changed}` or on its page."
    assert (
        again.stdout.strip() == "rocb-ap-sap-2022-2024: unchanged (4 pillars, 54 actions, 60 KPIs)"
    )
    listing = run(["plan", "list"], tmp_path).stdout
    assert "rocb-ap-sap-2022-2024        v2" in listing and "draft" in listing
    kpis = json.loads(run(["kpis", "rocb-ap-sap-2022-2024", "--json"], tmp_path).stdout)
    assert kpis[0]["target"]["text"] == "At least 33/33 Members"  # version 1, still in use

    # when it is loaded without --draft
    confirmed = run(["plan", "load", str(changed)], tmp_path)

    # then version 2 supersedes version 1, and the code means version 2
    assert confirmed.returncode == 0, confirmed.stderr
    listing = run(["plan", "list"], tmp_path).stdout.splitlines()
    rows = [line for line in listing if line.startswith("rocb-ap-sap-2022-2024")]
    assert rows[0].split()[1] == "v2" and rows[0].endswith("ended")
    assert rows[1].split()[1] == "v1" and rows[1].endswith("superseded by v2")
    kpis = json.loads(run(["kpis", "rocb-ap-sap-2022-2024", "--json"], tmp_path).stdout)
    assert kpis[0]["target"]["text"] == "At least 30/33 Members"
    exported = run(["plan", "export", "rocb-ap-sap-2022-2024"], tmp_path).stdout
    assert "At least 30/33 Members" in exported
    assert run(["plan", "load", str(changed)], tmp_path).stdout.startswith(
        "rocb-ap-sap-2022-2024: unchanged"
    )


def test_importing_a_document_of_a_plan_in_use_shows_what_loading_it_would_change(
    initialised, tmp_path
):
    tmp, _ = initialised
    seed = Path(__file__).parent / "planfiles" / "documents" / "seeds" / "000_27e754f7ca29de2a.txt"
    out = run(["plan", "import", str(seed), "--out", str(tmp_path / "x.yaml")], tmp)
    assert out.returncode == 0, out.stderr
    # the document has no measures, and its notes keep their bullets
    assert (
        "rocb-ap-sap-2022-2024: loading it changes version 1 in use (plan details changed; "
        "KPIs: 60 changed):" in out.stderr
    )
    assert "  ~ KPI 1.b: measure: 'source: member_statuses, topic: ncen' → ''" in out.stderr


def test_a_target_phrase_over_1000_characters_is_one_clear_error(tmp_path):
    out = run(["target", "parse", "Once a year", "x" * 1001], tmp_path)
    assert out.returncode == 1
    assert out.stderr.strip() == (
        "Error: phrase 2: 1,001 characters; a target phrase has at most 1,000"
    )
    assert out.stdout == ""


def test_plan_import_suggests_measures_marked_as_suggested_and_the_file_loads(
    initialised, tmp_path
):
    # given the ROCB plan's document and a database with the built-in topics
    tmp, _ = initialised
    seed = Path(__file__).parent / "planfiles" / "documents" / "seeds" / "000_27e754f7ca29de2a.txt"
    out_file = tmp_path / "rocb.yaml"

    # when it is imported with suggested measures
    out = run(
        ["plan", "import", str(seed), "--code", "rocb-suggested", "--suggest-measures",
         "--out", str(out_file)],
        tmp,
    )  # fmt: skip

    # then every KPI carries a measure and the reason; the summary is one line on stderr
    assert out.returncode == 0, out.stderr
    assert "suggested measures: 59 good, 1 closest, 0 none" in out.stderr.splitlines()
    text = out_file.read_text(encoding="utf-8")
    assert text.count("suggested: ") == 60
    kpis = {k.code: k for k in read_plan_file(out_file).kpis()}
    assert kpis["1.k"].measure.to_data() == {"source": "member_statuses", "topic": "trs"}
    assert kpis["1.k"].suggested.startswith("'Number of Members' and a Member count target")
    loaded = run(["plan", "load", str(out_file)], tmp)
    assert loaded.returncode == 0, loaded.stderr


def test_plan_import_suggests_from_the_built_in_topics_without_a_database(tmp_path):
    doc = Path(__file__).parent / "planfiles" / "documents" / "markdown_table.md"
    out = run(["plan", "import", str(doc), "--suggest-measures"], tmp_path)
    assert out.returncode == 0, out.stderr
    assert "suggested measures: 4 good, 0 closest, 1 none" in out.stderr
    assert "source: participations" in out.stdout and "suggested: " in out.stdout
