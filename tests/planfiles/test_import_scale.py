"""The plan importer runs in time linear in its document: twice the input, about twice the time."""

import contextlib
import time

import pytest

from stratmon.planfiles.importers import DocumentError, import_document

HEAD = (
    "# Plan 2024-2026\n\nThis plan applies from July 2024 to June 2026.\n\n## 1. Trade\n\n"
    "\tAction\tKPI\tTarget\tDeadline\n"
    "a)\tRun a workshop\tWorkshops\tOnce a year\t30 June 2026\n"
)


def seconds(text: str) -> float:
    best = float("inf")
    for _ in range(2):
        started = time.perf_counter()
        with contextlib.suppress(DocumentError):
            import_document(text, filename="doc.txt")
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(
            lambda n: "\tcontinued text of the action\t\t\t\n" * n, id="continuation rows"
        ),
        pytest.param(lambda n: "## " + " " * (20 * n) + " x\n", id="a heading of spaces"),
        pytest.param(lambda n: "Pillar 1" + "\t" * (20 * n) + "x\n", id="a pillar line of tabs"),
        pytest.param(lambda n: "b)\t" + "word " * (20 * n) + "\t\t\t\n", id="one long cell"),
    ],
)
def test_twice_the_input_takes_about_twice_the_time(body):
    small, large = seconds(HEAD + body(1000)), seconds(HEAD + body(2000))
    # quadratic parsing would take four times as long; allow for noise on a busy machine
    assert large < 3 * small + 0.05, f"{small:.3f} s → {large:.3f} s"
