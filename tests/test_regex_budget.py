"""The parsers run in time linear in their input, whatever the input.

A pattern with adjacent or nested unbounded repeats over the same characters backtracks
for a time quadratic (or worse) in a long run of those characters: one line of 10,000
spaces once took 46 s. The plan importer and the workbook apply their patterns to raw
lines and cells of any length, so each of their module-level patterns is tried on long runs
of the characters such patterns repeat over, followed by a character that makes the match
fail late. The target grammar applies its patterns only to normalised phrases of at most
1,000 characters, behind cheaper checks: it is timed as a whole, on adversarial phrases.
"""

import importlib
import pkgutil
import re
import time

import pytest

import stratmon.facts.workbook
import stratmon.planfiles
from stratmon.engine.targets import parse_target

PACKAGES = [stratmon.planfiles, stratmon.facts.workbook]
RUNS = [" ", "\t", "a", "1", ".", "-", "#", "*", "(", ")", "|", "a ", "1 ", " .", ". ", "ab", "1.1"]
LENGTH = 10_000


def module_patterns():
    for package in PACKAGES:
        names = [package.__name__]
        names += [
            f"{package.__name__}.{m.name}"
            for m in pkgutil.walk_packages(package.__path__)
            if not m.ispkg
        ]
        for sub in ("importers",):
            if hasattr(package, "__path__"):
                path = [p + "/" + sub for p in package.__path__]
                names += [f"{package.__name__}.{sub}.{m.name}" for m in pkgutil.iter_modules(path)]
        for name in sorted(set(names)):
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError:
                continue
            for attr, value in vars(module).items():
                if isinstance(value, re.Pattern):
                    yield f"{name}.{attr}", value
                elif (
                    isinstance(value, tuple)
                    and value
                    and all(isinstance(v, re.Pattern) for v in value)
                ):
                    for i, pattern in enumerate(value):
                        yield f"{name}.{attr}[{i}]", pattern


PATTERNS = sorted(dict(module_patterns()).items())


def test_the_patterns_are_found():
    assert len(PATTERNS) > 25


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_a_pattern_stays_linear_on_long_runs(name, pattern):
    slowest = 0.0
    for run in RUNS:
        body = run * (LENGTH // len(run))
        for text in (
            body + "\x00",
            "## " + body + " x",
            "Pillar 1 " + body + "!",
            "a) " + body + "§",
        ):
            started = time.perf_counter()
            pattern.search(text)
            pattern.match(text)
            slowest = max(slowest, time.perf_counter() - started)
    # Linear patterns take well under a millisecond here; quadratic ones take seconds.
    assert slowest < 0.25, f"{name} took {slowest:.2f} s on a long run"


PHRASE_RUNS = [
    *RUNS,
    "at least ",
    "by ",
    "of ",
    "1% ",
    "increase ",
    "from 1 to ",
    "per year ",
    "x, ",
    "and ",
    "USD 1 ",
    "Members ",
]


@pytest.mark.parametrize("run", PHRASE_RUNS)
def test_any_target_phrase_parses_within_50_ms(run):
    body = (run * (1000 // len(run)))[:990]
    for text in (body, "Reduce " + body, "At least " + body[:970] + " Members", body + " 2025"):
        text = text[:1000]
        # the best of three runs: a busy machine must not fail a linear parser
        best = min(_timed(text) for _ in range(3))
        assert best < 0.05, f"{text[:30]!r}… took {best * 1000:.0f} ms"


def _timed(text: str) -> float:
    started = time.perf_counter()
    parse_target(text)
    return time.perf_counter() - started
