"""`stratmon backup` and `stratmon restore`: the round trip gives back identical data."""

import datetime
import gzip
import json
import os
import subprocess
import sys

import openpyxl
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from stratmon.backups import BackupError, backup, restore
from stratmon.facts import sample
from stratmon.facts.models import MilestoneUpdate
from stratmon.plans.models import KPI

STRATMON = [sys.executable, "-m", "stratmon"]


def records(path):
    """The backup's records in a fixed order; many-to-many lists come in no set order."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = json.load(f)
    for row in rows:
        for name, value in row["fields"].items():
            if isinstance(value, list) and name != "refs":
                row["fields"][name] = sorted(value, key=json.dumps)
    return sorted(rows, key=lambda r: (r["model"], str(r.get("pk"))))


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_database_gives_identical_data(builtin, tmp_path):
    # given the built-in plans, the sample data, a user and the change history
    sample.load_sample(datetime.date(2026, 11, 22))

    User.objects.create_user("officer", password="a-long-pass-phrase-1")
    assert MilestoneUpdate.objects.exists() and KPI.objects.exists()
    first = tmp_path / "first.backup"
    counts = backup(first)
    assert counts["plans.kpi"] == KPI.objects.count()
    # when the database is emptied and the backup restored
    call_command("flush", interactive=False, verbosity=0)
    assert not KPI.objects.exists()
    restore(first)
    # then a new backup holds exactly the same records
    second = tmp_path / "second.backup"
    backup(second)
    assert records(first) == records(second)
    assert User.objects.get(username="officer").check_password("a-long-pass-phrase-1")


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_holds_data(builtin, tmp_path):
    path = tmp_path / "b.backup"
    backup(path)
    before = KPI.objects.count()
    with pytest.raises(BackupError, match="the database is not empty"):
        restore(path)
    assert KPI.objects.count() == before  # nothing was loaded on top


@pytest.mark.django_db
def test_restore_names_a_file_that_is_not_a_backup(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello", encoding="utf-8")
    with pytest.raises(BackupError, match=r"notes.txt: not a StratMon backup"):
        restore(bad)
    with pytest.raises(BackupError, match=r"missing.backup: no such file"):
        restore(tmp_path / "missing.backup")


def cli(args, var, **env):
    environ = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environ.update({"STRATMON_VAR_DIR": str(var), **env})
    return subprocess.run(
        [*STRATMON, *args], capture_output=True, text=True, env=environ, timeout=300, check=False
    )


def test_the_cli_round_trip_restores_the_same_workbook_export(tmp_path):
    # given an installation with its sample data
    assert cli(["init", "--sample"], tmp_path / "a").returncode == 0
    done = cli(["backup", str(tmp_path / "office.backup")], tmp_path / "a")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"wrote {tmp_path / 'office.backup'}: ")
    # when it is restored on a new machine's empty database
    done = cli(["restore", str(tmp_path / "office.backup")], tmp_path / "b")
    assert done.returncode == 0, done.stderr
    # then every recorded fact and every plan is there, and a second restore is refused
    books = []
    for var in ("a", "b"):
        out = cli(["data", "export", "--out", str(tmp_path / f"{var}.xlsx")], tmp_path / var)
        assert out.returncode == 0, out.stderr
        book = openpyxl.load_workbook(tmp_path / f"{var}.xlsx", read_only=True)
        books.append({ws.title: list(ws.iter_rows(values_only=True)) for ws in book})
    assert books[0] == books[1]
    assert len(books[0]["participations"]) > 100
    exported = [
        cli(["plan", "export", "oco-sp-2022-2027"], tmp_path / var).stdout for var in ("a", "b")
    ]
    assert exported[0] == exported[1] and "oco-sp-2022-2027" in exported[0]
    again = cli(["restore", str(tmp_path / "office.backup")], tmp_path / "b")
    assert again.returncode == 1
    assert again.stderr.strip().startswith("CommandError: the database is not empty")
