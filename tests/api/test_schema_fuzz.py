"""Schemathesis fuzzes every operation of the OpenAPI schema against the live server: no
server error, and no response that violates the schema. A bounded run (FUZZ_EXAMPLES per
operation); bench/api_fuzz.sh runs a longer one."""

import datetime
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml
from django.test import Client

from stratmon.api.auth import TokenRateThrottle
from stratmon.api.tokens import create_token
from stratmon.facts import sample

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
SEED = os.environ.get("FUZZ_SEED", "20261202")


def operations() -> int:
    schema = yaml.safe_load(Client().get("/api/schema/").content)
    return sum(
        1
        for methods in schema["paths"].values()
        for method in methods
        if method in ("get", "post", "put", "patch", "delete")
    )


def test_the_schema_fuzzer_finds_no_server_error_and_no_schema_violation(
    live_server, builtin, superuser, monkeypatch, tmp_path
):
    sample.load_sample(datetime.date(2026, 11, 22))
    # Thousands of requests in a minute: the rate limit is tested on its own.
    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": None})
    _, key = create_token(superuser, via="test")
    report = tmp_path / "junit.xml"
    command = [
        str(Path(sys.executable).with_name("st")),
        "run",
        f"{live_server.url}/api/schema/",
        "--header",
        f"Authorization: Token {key}",
        "--checks",
        "not_a_server_error,response_schema_conformance",
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
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    summary = run.stdout[-6000:]
    print(summary)
    assert run.returncode == 0, summary
    count = operations()
    # Every operation of the schema was fuzzed, none skipped, none failed.
    assert f"Selected: {count}/{count}" in summary and f"Tested: {count}" in summary, summary
    cases = ET.parse(report).getroot().iter("testcase")
    failed = [c.get("name") for c in cases if c.find("failure") is not None]
    assert not failed, summary
