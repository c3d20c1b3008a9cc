"""Every step of a submission's life, from the web and (later) the API: one function a step.

    draft ──submit──▶ submitted ──approve──▶ approved (the facts are written: they count)
      ▲                 │  │ └──reject───▶ rejected
      │                 │  └──return───▶ returned ──submit──▶ submitted …
      └──(edit)─────────┘withdraw──▶ withdrawn

Each function checks that the user may take the step (the access module decides), that the
submission is still in the state the user saw (`version`), takes it, and records it in the
change history with its reason, `via` the channel that asked (the web's defaults: "submission"
for the steps, "review" for the facts approval writes; the API passes "api" to both). Checking
uses the workbook's rules through stratmon.facts.records, so a submission that passes is one
the Secretariat can approve.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from stratmon.accounts import access
from stratmon.facts.models import Topic
from stratmon.facts.records import save_records
from stratmon.facts.workbook.importer import ImportReport
from stratmon.facts.workbook.reader import WorkbookError
from stratmon.history.recording import plain, record_change
from stratmon.plans.models import Member

from .kinds import KINDS, member_problems, tie_to_member, title_of, topic_of
from .models import Submission

State = Submission.State
Rows = dict[str, list[dict[str, Any]]]

# Which step moves a submission from which states to which, and whose step it is.
STEPS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "submit": ((State.DRAFT, State.RETURNED), State.SUBMITTED, "member"),
    "withdraw": ((State.DRAFT, State.SUBMITTED, State.RETURNED), State.WITHDRAWN, "member"),
    "return": ((State.SUBMITTED,), State.RETURNED, "reviewer"),
    "approve": ((State.SUBMITTED,), State.APPROVED, "reviewer"),
    "reject": ((State.SUBMITTED,), State.REJECTED, "reviewer"),
}
EDITABLE = (State.DRAFT, State.RETURNED)
# The change history's channel of a step, and of the facts approval writes, from the web.
STEP_VIA, REVIEW_VIA = "submission", "review"
NEEDS_COMMENT = ("return", "reject")


class SubmissionError(Exception):
    """A step that cannot be taken now; the message says why."""


@dataclass(frozen=True)
class BulkResult:
    approved: list[Submission]
    refused: list[tuple[Submission, str]]


def save_draft(
    user: Any,
    member: Member,
    kind: str,
    rows: Rows,
    *,
    submission: Submission | None = None,
    version: int | None = None,
    via: str = STEP_VIA,
) -> Submission:
    """Create a draft, or change a draft or returned submission; not checked yet (a draft may
    be incomplete), but the sending Member is pinned into its rows."""
    if not access.can_submit_for(user, member):
        raise PermissionDenied("You report for your own Member only.")
    rows = own_rows(kind, rows, member)
    with transaction.atomic():
        if submission is None:
            submission = Submission(member=member, kind=kind, created_by=user)
            verb, before = "created", {}
        else:
            submission = _current(submission, version)
            if submission.member_id != member.pk or submission.kind != kind:
                raise PermissionDenied("This submission is not yours to change.")
            if submission.state not in EDITABLE:
                raise SubmissionError(_cannot("changed", submission))
            verb, before = "updated", {"rows": submission.rows}
            submission.version += 1
        submission.rows = rows
        submission.title = title_of(kind, rows)[:300]
        submission.topic = _topic(kind, rows)
        submission.save()
        after = {"rows": rows, "state": submission.state, "title": submission.title}
        details = after if verb == "created" else {"rows": [before["rows"], rows]}
        _record(submission, user, verb, details, via=via)
    return submission


def check_proposal(member: Member, kind: str, rows: Rows) -> None:
    """Raise WorkbookError if `rows` could not be approved; writes nothing."""
    check(Submission(member=member, kind=kind, rows=own_rows(kind, rows, member)))


def check(submission: Submission) -> None:
    """Raise WorkbookError if the submission could not be approved as it stands."""
    problems = member_problems(submission.kind, submission.rows, submission.member.iso3)
    try:
        save_records(submission.rows, user=None, via="check", dry_run=True)
    except WorkbookError as exc:
        problems += exc.problems
    if problems:
        raise WorkbookError([p.message for p in problems], problems=problems)


def submit(
    user: Any, submission: Submission, *, version: int | None = None, via: str = STEP_VIA
) -> Submission:
    """Send a draft or a corrected submission for review, once it passes every check."""
    with transaction.atomic():
        submission = _current(submission, version)
        _allowed(user, submission, "submit")
        check(submission)
        submission.submitted_at = timezone.now()
        return _step(user, submission, "submit", via=via)


def withdraw(
    user: Any, submission: Submission, *, version: int | None = None, via: str = STEP_VIA
) -> Submission:
    with transaction.atomic():
        submission = _current(submission, version)
        _allowed(user, submission, "withdraw")
        return _step(user, submission, "withdraw", via=via)


def return_(
    user: Any,
    submission: Submission,
    comment: str,
    *,
    version: int | None = None,
    via: str = STEP_VIA,
) -> Submission:
    """Send a submission back to its Member to correct, saying what to correct."""
    return _review(user, submission, "return", comment, version, via)


def reject(
    user: Any,
    submission: Submission,
    comment: str,
    *,
    version: int | None = None,
    via: str = STEP_VIA,
) -> Submission:
    return _review(user, submission, "reject", comment, version, via)


def approve(
    user: Any,
    submission: Submission,
    comment: str = "",
    *,
    version: int | None = None,
    via: str = "",
) -> Submission:
    """Write the submission's facts through the same service as the forms and the workbook:
    from now on they count. Nothing is written if any check fails. `via` names the channel
    of both the step and the facts (default: "submission" and "review", as on the web)."""
    return _review(user, submission, "approve", comment, version, via)


def bulk_approve(user: Any, submissions: Iterable[Submission]) -> BulkResult:
    """Approve each submission on its own: one that fails its checks is left waiting, with
    the reason, and does not stop the others."""
    approved, refused = [], []
    for submission in submissions:
        try:
            approved.append(approve(user, submission))
        except (WorkbookError, SubmissionError) as exc:
            refused.append((submission, _message(exc)))
    return BulkResult(approved, refused)


def _review(
    user: Any, submission: Submission, step: str, comment: str, version: int | None, via: str
) -> Submission:
    comment = comment.strip()
    if step in NEEDS_COMMENT and not comment:
        raise SubmissionError(f"Say why you {step} it: the Member reads your comment.")
    with transaction.atomic():
        submission = _current(submission, version)
        _allowed(user, submission, step)
        if step == "approve":
            report = write_facts(
                submission,
                user=user,
                via=via or REVIEW_VIA,
                reason=comment or f"approved submission #{submission.pk}",
            )
            submission.applied = report.keys
        submission.comment = comment
        submission.reviewed_by = user
        submission.reviewed_at = timezone.now()
        return _step(user, submission, step, reason=comment, via=via or STEP_VIA)


def with_evidence_links(submission: Submission) -> Rows:
    """The rows to write on approval: the attached files' addresses added to the main
    record's evidence (or link), so the recorded fact points at them."""
    rows = copy.deepcopy(submission.rows)
    links = [
        reverse("evidence-file", args=[f.pk, f.name]) for f in submission.evidence.order_by("pk")
    ]
    main = rows[KINDS[submission.kind].sheet][0]
    column = "evidence" if "evidence" in main else "link" if "link" in main else ""
    if links and column:
        main[column] = " ".join([str(main.get(column) or "").strip(), *links]).strip()
    return rows


def write_facts(submission: Submission, *, user: Any, via: str, reason: str = "") -> ImportReport:
    """Write the submission's facts as approval does (the preview writes them the same way,
    then rolls back); WorkbookError, and nothing written, if any check fails."""
    problems = member_problems(submission.kind, submission.rows, submission.member.iso3)
    if problems:
        raise WorkbookError([p.message for p in problems], problems=problems)
    return save_records(
        with_evidence_links(submission),
        user=user,
        via=via,
        source=f"submission #{submission.pk} from {submission.member.iso3}",
        reason=reason,
    )


def _allowed(user: Any, submission: Submission, step: str) -> None:
    sources, _, whose = STEPS[step]
    if whose == "member":
        ok = access.can_submit_for(user, submission.member)
    else:
        ok = access.can_review_submission(user, submission)
    if not ok:
        raise PermissionDenied(f"You may not {step} this submission.")
    if submission.state not in sources:
        raise SubmissionError(_cannot(PAST[step], submission))


PAST = {
    "submit": "submitted",
    "withdraw": "withdrawn",
    "return": "returned",
    "approve": "approved",
    "reject": "rejected",
}


def _cannot(what: str, submission: Submission) -> str:
    by = f" by {submission.reviewed_by}" if submission.reviewed_by else ""
    state = submission.get_state_display().lower()
    return f"Submission #{submission.pk} cannot be {what}: it is {state}{by}."


def _step(
    user: Any, submission: Submission, step: str, reason: str = "", via: str = STEP_VIA
) -> Submission:
    old = submission.state
    submission.state = STEPS[step][1]
    submission.version += 1
    submission.save()
    details = {"state": [old, submission.state]}
    if submission.applied and step == "approve":
        details["applied"] = [None, submission.applied]
    _record(submission, user, "updated", details, reason, via)
    return submission


def _current(submission: Submission, version: int | None) -> Submission:
    """The submission as stored now, locked for this transaction; refused if it changed
    since the user saw `version`."""
    if submission.pk is None:
        return submission
    fresh = Submission.objects.select_for_update().select_related("member").get(pk=submission.pk)
    if version is not None and fresh.version != version:
        raise SubmissionError(
            f"Submission #{fresh.pk} was changed since you opened it (it is now "
            f"{fresh.get_state_display().lower()}); reload the page to see it."
        )
    return fresh


def own_rows(kind: str, rows: Rows, member: Member) -> Rows:
    """`rows` as the Member may propose them: JSON-safe values, its Member pinned, no ids."""
    spec = KINDS[kind]
    own = {
        name: [{c: plain(v) for c, v in row.items()} for row in items]
        for name, items in rows.items()
    }
    own.setdefault(spec.sheet, [{}])
    if not own[spec.sheet]:
        own[spec.sheet] = [{}]
    tie_to_member(kind, own, member.iso3)
    for sheet_rows in own.values():
        for row in sheet_rows:
            # New records get their ids on approval, so a proposal never claims one.
            row["id"] = ""
    return own


def _topic(kind: str, rows: Rows) -> Topic | None:
    code = topic_of(kind, rows)
    return Topic.objects.filter(code=code).first() if code else None


def _record(
    submission: Submission,
    user: Any,
    verb: str,
    details: dict[str, Any],
    reason: str = "",
    via: str = STEP_VIA,
) -> None:
    record_change(
        user=user,
        via=via,
        source=f"{submission.member.iso3}: {submission.title}"[:300],
        model=Submission,
        verb=verb,
        refs=[f"#{submission.pk}"],
        details={f"#{submission.pk}": details},
        reason=reason,
        # Whose data it is: the Secretariat of the Member's organisations reads the entry.
        members=[submission.member],
    )


def _message(exc: Exception) -> str:
    if isinstance(exc, WorkbookError):
        return "; ".join(p.message for p in exc.problems[:3])
    return str(exc)
