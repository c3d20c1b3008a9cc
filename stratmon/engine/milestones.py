"""Milestones: done or not, and before that progress reported against the time elapsed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from stratmon.engine.kpi import (
    AT_RISK_FROM,
    ON_TRACK_FROM,
    KpiInput,
    KpiResult,
    Status,
    rounded,
    show,
    trend_at,
)
from stratmon.engine.periods import Period, elapsed_fraction


def evaluate_milestone(kpi: KpiInput) -> KpiResult:
    """Done, overdue, not yet started, unreported, or progress against time elapsed.

    Progress is judged like a count: the latest reported fraction complete against the
    share of the time from the start (planned, else the plan's) to the due date.
    """
    due = kpi.target.by or kpi.deadline
    reported = sorted((d, min(max(v, Decimal(0)), Decimal(1))) for d, v in kpi.progress)
    reported = [(d, v) for d, v in reported if d <= kpi.as_of]
    done_on = kpi.done_on if kpi.done_on is not None and kpi.done_on <= kpi.as_of else None
    complete = next((d for d, v in reported if v == 1), None)
    if complete is not None and (done_on is None or complete < done_on):
        done_on = complete
    if done_on is not None:
        late = " (after its deadline)" if done_on > due else ""
        one = Decimal(1)
        return KpiResult("achieved", f"done on {done_on.isoformat()}{late}{_evidence(kpi)}", one)
    latest = reported[-1] if reported else None
    last = f"; {_progress_words(*latest)}" if latest else ""
    actual = latest[1] if latest else None
    if kpi.as_of > due:
        return KpiResult("off_track", f"not done; overdue since {due.isoformat()}{last}", actual)
    start = kpi.planned_start or kpi.plan_start
    if kpi.as_of < start:
        return KpiResult(
            "not_started", f"planned to start on {start.isoformat()}; due by {due.isoformat()}"
        )
    days = (due - kpi.as_of).days
    if latest is None:
        return KpiResult(
            "no_data",
            f"no progress reported since work was due to start on {start.isoformat()}; "
            f"due by {due.isoformat()} ({days} days left)",
        )
    if due <= start:
        expected = Decimal(1)
    else:
        elapsed, total = elapsed_fraction(Period(start, due), kpi.as_of)
        expected = Decimal(elapsed) / Decimal(total)
    progress = latest[1]
    projected = trend_at(reported, due)
    if projected is None:
        projected = progress / expected if expected > 0 else progress
    projected = min(max(projected, Decimal(0)), Decimal(1))
    reason = (
        f"{_progress_words(*latest)}; {show(expected, 'share')} expected by now "
        f"for completion by {due.isoformat()} ({days} days left)"
    )
    if projected != progress:
        reason += f"; projected {show(projected, 'share')}"
    ratio = progress / expected if expected > 0 else None

    def result(status: Status) -> KpiResult:
        return KpiResult(status, reason, rounded(progress), rounded(expected), rounded(projected))

    if ratio is None or ratio >= ON_TRACK_FROM or projected >= 1:
        return result("on_track")
    return result("at_risk" if ratio >= AT_RISK_FROM else "off_track")


def _progress_words(day: date, fraction: Decimal) -> str:
    return f"{show(fraction, 'share')} done as of {day.isoformat()}"


def _evidence(kpi: KpiInput) -> str:
    """The evidence of a done milestone for its reason, shortened to stay one line."""
    text = " ".join(kpi.evidence.split())
    if not text:
        return ""
    return f"; evidence: {text if len(text) <= 120 else text[:119] + '…'}"


def progress_problem(percent: int | None, done: int | None, total: int | None) -> str:
    """Why a milestone update's progress cannot be read, or "" when it can."""
    if percent is not None:
        return "" if 0 <= percent <= 100 else "percent_complete must be from 0 to 100"
    if done is None or not total:
        return "give percent_complete, or steps_done and steps_total (more than 0)"
    if done > total:
        return f"steps_done ({done}) is more than steps_total ({total})"
    return ""


# Work that led to the plan may be finished a little before the plan's period begins.
DONE_BEFORE_PLAN = timedelta(days=366)


def done_on_problem(done_on: date, plan_start: date, today: date) -> str:
    """Why `done_on` cannot be a milestone's done date, or "" when it can: not after `today`,
    and not more than a year (366 days) before the plan's period starts on `plan_start`."""
    if done_on > today:
        return f"{done_on.isoformat()} is in the future (today is {today.isoformat()})"
    earliest = plan_start - DONE_BEFORE_PLAN
    if done_on < earliest:
        return (
            f"{done_on.isoformat()} is more than a year before the plan starts"
            f" ({plan_start.isoformat()}); the earliest is {earliest.isoformat()}"
        )
    return ""


def progress_fraction(percent: int | None, done: int | None, total: int | None) -> Decimal:
    """Percent ÷ 100 where given, else steps done ÷ steps total (0 when unreadable)."""
    if percent is not None:
        return Decimal(percent) / 100
    if done is None or not total:
        return Decimal(0)
    return Decimal(done) / Decimal(total)
