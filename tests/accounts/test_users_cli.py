"""`stratmon users add` as scripts run it: the password, the role's scope, one-line errors."""

import pytest

from tests.test_cli import run


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("users-cli")
    done = run(["init"], tmp)
    assert done.returncode == 0, done.stderr
    return tmp


def check_password(tmp, username, password):
    code = (
        "from django.contrib.auth import authenticate; from django.test import RequestFactory; "
        # as the sign-in page calls it: django-axes needs the request
        f"u = authenticate(RequestFactory().post('/sign-in/'), username={username!r}, "
        f"password={password!r}); "
        "print(u.role if u else 'refused')"
    )
    return run(["shell", "--no-imports", "-c", code], tmp).stdout.strip()


def test_a_focal_point_takes_its_password_from_the_environment(installed):
    done = run(
        ["users", "add", "fp-fiji", "--role", "focal_point", "--member", "FJI"],
        installed,
        STRATMON_PASSWORD="a-long-pass-phrase-1",
    )
    assert done.returncode == 0, done.stderr
    assert "Created fp-fiji: focal_point of Fiji." in done.stdout
    assert "password" not in done.stdout
    assert check_password(installed, "fp-fiji", "a-long-pass-phrase-1") == (
        "Member focal point of Fiji"
    )


def test_without_a_password_one_is_generated_and_printed_once(installed):
    done = run(
        ["users", "add", "officer", "--role", "secretariat_officer", "--org", "oco"],
        installed,
        STRATMON_PASSWORD="",
    )
    assert done.returncode == 0, done.stderr
    password = done.stdout.split("password: ")[1].split()[0]
    assert check_password(installed, "officer", password) == "Secretariat officer of OCO"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "chief"], "Error: unknown role 'chief' (one of: secretariat_admin, "),
        ([], "Error: give a role with --role"),
        (["--role", "focal_point"], "Error: a focal_point needs a Member (--member ISO3)"),
        (["--role", "viewer"], "Error: a viewer needs an organisation (--org CODE)"),
        (["--role", "viewer", "--org", "wco"], "Error: no organisation with the code 'wco'"),
        (
            ["--role", "focal_point", "--member", "XXX"],
            "Error: no Member with the ISO alpha-3 code 'XXX'",
        ),
        (
            ["--role", "viewer", "--org", "oco", "--member", "FJI"],
            "Error: a viewer belongs to an organisation, not a Member (drop --member)",
        ),
        (["--role", "viewer", "--org", "oco", "--email", "nope"], "not an e-mail address"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(installed, args, message):
    done = run(["users", "add", "someone", *args], installed)
    assert done.returncode == 1
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_an_existing_user_name_or_a_weak_password_is_refused(installed):
    done = run(["users", "add", "admin", "--role", "viewer", "--org", "oco"], installed)
    assert (done.returncode, done.stderr.strip()) == (
        1,
        "Error: a user named 'admin' already exists",
    )
    done = run(
        ["users", "add", "weak", "--role", "viewer", "--org", "oco"],
        installed,
        STRATMON_PASSWORD="1234",
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Error: the password is refused: This password is too short.")
