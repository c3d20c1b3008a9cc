"""`stratmon users token USERNAME [--read-only] [--name TEXT] [--days N]`: the token printed
once, alone on the last line (`TOKEN=$(stratmon users token sec | tail -1)`); bad input is
one `Error:` line and exit 1."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from stratmon.api.models import ApiToken
from stratmon.api.tokens import find_token
from stratmon.history.models import Change
from tests.test_cli import run

pytestmark = pytest.mark.django_db


def make(*args):
    out = io.StringIO()
    call_command("users", "token", *args, stdout=out)
    return out.getvalue()


def test_the_token_is_alone_on_the_last_line_and_works(secretariat_officer):
    printed = make("sec-officer")
    lines = printed.splitlines()
    assert (
        lines[0]
        == 'Created the API token "API token" for sec-officer: read and write, never expires.'
    )
    key = lines[-1]
    assert key.startswith("smt_") and key == key.strip() and " " not in key
    token = find_token(key)
    assert (token.user, token.read_only, token.expires_at) == (secretariat_officer, False, None)
    change = Change.objects.get(refs=[f"{token.prefix}…"])
    assert (change.via, change.user, change.verb) == ("cli", None, "created")
    assert key not in str(change.details)


def test_read_only_named_and_expiring(focal_point):
    key = make("fp-fiji", "--read-only", "--name", "nightly export", "--days", "30").splitlines()[
        -1
    ]
    token = find_token(key)
    assert (token.name, token.read_only) == ("nightly export", True)
    left = token.expires_at - timezone.now()
    assert datetime.timedelta(days=29, hours=23) < left <= datetime.timedelta(days=30)


def test_every_call_makes_a_new_token(viewer):
    assert make("viewer-rocb").splitlines()[-1] != make("viewer-rocb").splitlines()[-1]
    assert ApiToken.objects.filter(user=viewer).count() == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody"], "no user named 'nobody'"),
        (["no-role"], "no-role has no role (or is deactivated): give it a role first"),
        (["viewer-rocb", "--days", "0"], "a token lasts from 1 to 3660 days"),
        (["viewer-rocb", "--days", "3661"], "a token lasts from 1 to 3660 days"),
        (["viewer-rocb", "--days", "-5"], "--days: '-5' is not a whole number of days"),
        (["viewer-rocb", "--days", "soon"], "--days: 'soon' is not a whole number of days"),
        (["viewer-rocb", "--name", "x" * 101], "a token's name has at most 100 characters"),
    ],
)
def test_bad_input_is_an_error_and_makes_nothing(django_user_model, viewer, args, message):
    django_user_model.objects.create_user("no-role")
    with pytest.raises(CommandError) as caught:
        make(*args)
    assert str(caught.value).startswith(message)
    assert not ApiToken.objects.exists()


def test_a_deactivated_user_gets_no_token(viewer):
    viewer.is_active = False
    viewer.save(update_fields=["is_active"])
    with pytest.raises(CommandError, match="viewer-rocb has no role"):
        make("viewer-rocb")


def test_through_the_stratmon_command(tmp_path):
    """As a script runs it: the last line is the token, errors are one line and exit 1."""
    assert run(["init"], tmp_path).returncode == 0
    done = run(["users", "token", "admin", "--read-only", "--name", "ci"], tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    key = done.stdout.splitlines()[-1]
    check = (
        "from stratmon.api.tokens import find_token; "
        f"t = find_token({key!r}); print(t.user.username, t.name, t.read_only)"
    )
    assert run(["shell", "--no-imports", "-c", check], tmp_path).stdout.strip() == "admin ci True"
    bad = run(["users", "token", "nobody"], tmp_path)
    assert (bad.returncode, bad.stderr.strip(), bad.stdout) == (
        1,
        "Error: no user named 'nobody'",
        "",
    )
