"""Security headers and settings: a Content-Security-Policy the pages satisfy, deploy checks."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

import stratmon

TEMPLATES = Path(stratmon.__file__).parent
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"<style\b", re.I), "an inline <style>"),
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an event-handler attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def test_no_template_carries_inline_script_or_style():
    templates = sorted(TEMPLATES.rglob("templates/**/*.html"))
    assert templates
    for template in templates:
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            assert not pattern.search(text), f"{template.name} has {what}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/plans/rocb-ap-sap-2022-2024/", "/sign-in/", "/users/", "/admin/login/"]
)
def test_every_page_carries_the_content_security_policy(client, builtin, secretariat_admin, path):
    client.force_login(secretariat_admin)
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def check_deploy(tmp_path, **env):
    # Only the variables a deployment sets: not those the test run itself sets (such as
    # DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests), which the deploy checks warn about.
    keep = ("PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV")
    environ = {k: v for k, v in os.environ.items() if k in keep}
    environ.update({"STRATMON_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "stratmon", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )


def test_the_documented_production_variables_pass_the_deploy_checks(tmp_path):
    # given the variables docs/deployment.md lists for a deployment behind TLS
    done = check_deploy(
        tmp_path,
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="stratmon.example.org",
        STRATMON_HTTPS="true",
        BEHIND_TLS_PROXY="true",
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_a_development_set_up_fails_the_deploy_checks_with_reasons(tmp_path):
    done = check_deploy(tmp_path)
    assert done.returncode == 1
    assert "SECURE_SSL_REDIRECT" in done.stderr and "SECURE_HSTS_SECONDS" in done.stderr
    assert "docs/deployment.md" in Path(stratmon.__file__).parents[1].joinpath(
        "README.md"
    ).read_text(encoding="utf-8")


def test_a_session_ends_after_a_working_day_and_with_the_browser():
    from django.conf import settings

    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
