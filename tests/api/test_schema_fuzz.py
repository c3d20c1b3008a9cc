"""Schemathesis fuzzes every operation of the OpenAPI schema against the live server: no
server error, and no response that violates the schema.

A bounded run: its fuzzing and stateful phases, FUZZ_EXAMPLES examples per operation, a fixed
seed; as a superuser over every operation, then as a focal point with a draft of its own over
the submissions (what a Member's system calls). bench/api_fuzz.sh adds the coverage phase
(every boundary of every parameter: about five minutes) and runs as each role.
"""

import datetime
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml
from django.test import Client

from stratmon.api.auth import TokenRateThrottle
from stratmon.api.tokens import create_token
from stratmon.facts import sample
from stratmon.submissions import services as submissions

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
SEED = os.environ.get("FUZZ_SEED", "20261202")
METHODS = ("get", "post", "put", "patch", "delete")


def operations(pattern: str = "") -> int:
    schema = yaml.safe_load(Client().get("/api/schema/").content)
    return sum(
        1
        for path, methods in schema["paths"].items()
        for method in methods
        if method in METHODS and re.search(pattern, path)
    )


def fuzz(url: str, key: str, report: Path, *options: str) -> str:
    """Run Schemathesis; its summary, after checking it found nothing."""
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{url}/api/schema/",
        "--header",
        f"Authorization: Token {key}",
        "--checks",
        "not_a_server_error,response_schema_conformance",
        "--phases",
        "fuzzing,stateful",
        "--max-examples",
        str(EXAMPLES),
        "--seed",
        SEED,
        "--workers",
        "1",
        "--generation-database",
        "none",
        "--request-timeout",
        "60",
        "--no-color",
        "--report",
        "junit",
        "--report-junit-path",
        str(report),
        *options,
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    summary = run.stdout[-6000:]
    print(summary)
    assert run.returncode == 0, summary
    cases = ET.parse(report).getroot().iter("testcase")
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert not failed, summary
    return summary


def test_the_schema_fuzzer_finds_no_server_error_and_no_schema_violation(
    live_server, builtin, superuser, focal_point, monkeypatch, tmp_path
):
    sample.load_sample(datetime.date(2026, 11, 22), requests=True)  # the desk's too
    # Thousands of requests in a minute: the rate limit is tested on its own.
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": None})

    _, key = create_token(superuser, via="test")
    summary = fuzz(live_server.url, key, tmp_path / "all.xml")
    count = operations()
    # Every operation of the schema was fuzzed, none skipped.
    assert f"Selected: {count}/{count}" in summary and f"Tested: {count}" in summary, summary

    fiji = focal_point.role.member
    rows = {"member_statuses": [{"topic": "rkc", "status": "implemented"}]}
    submissions.save_draft(focal_point, fiji, "status", rows)
    _, key = create_token(focal_point, via="test")
    summary = fuzz(
        live_server.url, key, tmp_path / "fiji.xml", "--include-path-regex", "submissions"
    )
    count = operations("submissions")
    assert f"Tested: {count}" in summary, summary
