"""A focal point's forms to report facts for its Member: one per kind of submission, built
from the data workbook's sheets like the Secretariat's (stratmon.web.record_forms), with the
activity's participants table and evidence files."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from stratmon.accounts import access
from stratmon.evidence.forms import EvidenceField
from stratmon.evidence.services import store_evidence
from stratmon.facts.workbook import WorkbookError
from stratmon.facts.workbook.sheets import BY_NAME
from stratmon.plans.models import Member
from stratmon.submissions import services
from stratmon.submissions.kinds import KINDS
from stratmon.submissions.models import Submission

from . import record_forms as rf
from .activity_entry import (
    ParticipantRow,
    fill_from_paste,
    padded,
    place_row_problems,
    read_rows,
)


class Attachments(forms.Form):
    evidence_files = EvidenceField(
        required=False,
        label="Evidence files",
        help_text="PDF, images or office documents, 10 MB each at most (e.g. the instrument "
        "of accession, the participant list).",
    )


def _fixed(kind: str, member: Member) -> dict[str, str]:
    spec = KINDS[kind]
    fixed = dict(spec.fixed)
    if spec.member_column:
        fixed[spec.member_column] = member.iso3
    return fixed


def submission_new(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in KINDS:
        raise Http404("No such kind of submission.")
    return _page(request, kind, None)


def submission_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.visible_submissions(request.user).filter(pk=pk).select_related("member")
    submission = found.first()
    if submission is None:
        raise Http404("No such submission.")
    if not access.can_submit_for(request.user, submission.member):
        raise PermissionDenied("Only the Member's focal point changes its submissions.")
    if submission.state not in services.EDITABLE:
        messages.error(request, f"#{submission.pk} is {submission.get_state_display().lower()}.")
        return redirect("submission-detail", pk=submission.pk)
    return _page(request, submission.kind, submission)


def _page(request: HttpRequest, kind: str, submission: Submission | None) -> HttpResponse:
    member = access.reporting_member(request.user)
    if member is None or (submission is not None and submission.member_id != member.pk):
        raise PermissionDenied("Only a Member's focal point reports for it.")
    spec = KINDS[kind]
    form_class = rf.record_form(
        spec.sheet, request.user, fixed=_fixed(kind, member), exclude=spec.hidden
    )
    initial: dict[str, Any] = {}
    stored: list[ParticipantRow] = []
    if submission is not None:
        main = submission.rows.get(spec.sheet, [{}])[0]
        shown = {c: v for c, v in main.items() if c in form_class.base_fields}
        initial = rf.initial_values(form_class, shown)
        stored = [
            ParticipantRow("", "", r.get("person", ""), r.get("member", ""), r.get("gender", ""),
                           r.get("role", ""))
            for r in submission.rows.get("participations", [])
        ]  # fmt: skip
    if request.method != "POST":
        context = _context(form_class(initial=initial), Attachments(), padded(stored), "")
        return _render(request, kind, submission, context, 200)
    form = form_class(request.POST, initial=initial)
    attachments = Attachments(request.POST, request.FILES)
    rows = read_rows(request.POST)
    paste = request.POST.get("paste", "")
    step = request.POST.get("step", "draft")
    if step in ("fill", "more"):
        filled = fill_from_paste(rows, paste) if step == "fill" else rows
        context = _context(form, attachments, padded(filled, 2), "" if step == "fill" else paste)
        return _render(request, kind, submission, context, 200)
    if form.is_valid() and attachments.is_valid():
        done = _save(request, kind, member, submission, form, attachments, rows, step)
        if done is not None:
            return redirect("submission-detail", pk=done.pk)
    context = _context(form, attachments, padded(rows, 2), paste)
    return _render(request, kind, submission, context, 400)


def _save(
    request: HttpRequest,
    kind: str,
    member: Member,
    submission: Submission | None,
    form: rf.RecordForm,
    attachments: Attachments,
    rows: list[ParticipantRow],
    step: str,
) -> Submission | None:
    """Save the draft (and submit it, if asked); None with the problems placed on the form."""
    spec = KINDS[kind]
    sent = [r for r in rows if not r.blank] if spec.attached else []
    proposal = {spec.sheet: [rf.form_row(form)]}
    if spec.attached:
        proposal[spec.attached] = [
            {"person": r.person, "member": r.member, "gender": r.gender, "role": r.role}
            for r in sent
        ]
    version_text = request.POST.get("version", "")
    version = int(version_text) if version_text.isdigit() else None
    try:
        if step == "submit":
            # Checked before anything is written: a refused submission leaves no file behind.
            services.check_proposal(member, kind, proposal)
        with transaction.atomic():
            saved = services.save_draft(
                request.user, member, kind, proposal, submission=submission, version=version
            )
            for upload in attachments.cleaned_data["evidence_files"]:
                saved.evidence.add(store_evidence(upload, member=member, user=request.user))
            if step == "submit":
                saved = services.submit(request.user, saved, version=saved.version)
    except WorkbookError as exc:
        rf.apply_problems(form, exc)
        if spec.attached:
            place_row_problems(form, exc, sent)
        return None
    except services.SubmissionError as exc:
        form.add_error(None, str(exc))
        return None
    said = "submitted for review" if step == "submit" else "saved as a draft"
    messages.success(request, f"#{saved.pk} {said}.")
    return saved


def _context(
    form: rf.RecordForm, attachments: Attachments, rows: list[ParticipantRow], paste: str
) -> dict[str, Any]:
    return {"form": form, "attachments": attachments, "rows": rows, "paste": paste}


def _render(
    request: HttpRequest,
    kind: str,
    submission: Submission | None,
    context: dict[str, Any],
    status: int,
) -> HttpResponse:
    spec = KINDS[kind]
    member = access.reporting_member(request.user)
    context.update(
        kind=kind,
        kind_label=Submission.Kind(kind).label,
        sheet=BY_NAME[spec.sheet],
        s=submission,
        member=member,
        participants=bool(spec.attached),
        member_options=[(member.iso3, member.name)] if member else [],
        files=list(submission.evidence.order_by("pk")) if submission else [],
    )
    return render(request, "web/submission_form.html", context, status=status)
