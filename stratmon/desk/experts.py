"""Every write to the expert pool: an expert's profile (the workbook's `experts` columns through
`facts.records`, the e-mail beside them), unavailable periods, the CV, and the profile
updates experts send through their single-use link (stratmon.desk.profile_links).

The pool is shared by every organisation, as the experts sheet is; each change is kept in the
change history, under the acting user (the reviewer for an expert's own update, whose entries
say `via="expert link"`).
"""

from __future__ import annotations

import datetime
import smtplib
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from stratmon.accounts import access
from stratmon.evidence.models import EvidenceFile
from stratmon.evidence.services import delete_evidence, store_evidence
from stratmon.facts import records
from stratmon.facts.models import Expert, Topic
from stratmon.history.recording import record_change
from stratmon.plans.models import Organisation

from .models import CV, ProfileUpdate, Unavailability
from .profile_links import new_key

SOURCE = "expert pool"
VIA_LINK = "expert link"
LINK_DAYS = 30
# What an expert may change through their link; each is applied only when accepted.
PROPOSABLE = ("languages", "expertise", "accredited_on", "accredited_until", "unavailable")


# --- the profile -----------------------------------------------------------------------


def save_profile(
    row: Mapping[str, Any],
    *,
    email: str | None = None,
    user: Any,
    via: str = "form",
    source: str = SOURCE,
    reason: str = "",
    expected: Mapping[tuple[str, str], datetime.datetime] | None = None,
) -> Expert:
    """Create or change an expert: `row` is the workbook's `experts` row (a blank id makes a
    new expert), checked and written by `records.save_records` (WorkbookError with each
    problem by column); `email`, not a workbook column, is set in the same transaction (None
    leaves it). ValidationError {"email": …} for an address that is not one."""
    if email is not None:
        email = email.strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError({"email": "not an e-mail address"}) from None
    with transaction.atomic():
        report = records.save_records(
            {"experts": [dict(row)]},
            user=user,
            via=via,
            source=source,
            reason=reason,
            expected=expected,
        )
        keys = records.keys_of(report, "experts") or [str(row.get("id") or "")]
        expert = Expert.objects.select_related("home").get(ref=keys[0])
        if email is not None and email != expert.email:
            old, expert.email = expert.email, email
            expert.updated_by = _user(user)
            expert.save(update_fields=["email", "updated_at", "updated_by"])
            record_change(
                user=user,
                via=via,
                model=Expert,
                verb="updated",
                refs=[expert.ref],
                details={expert.ref: {"email": [old, email]}},
                source=source,
                reason=reason,
                members=[expert.home] if expert.home else (),
            )
    return expert


# --- unavailable periods ---------------------------------------------------------------


def check_period(start: datetime.date | None, end: datetime.date | None) -> dict[str, str]:
    """The problems of an unavailable period by field; none when it can be kept."""
    problems = {}
    if start is None:
        problems["start"] = "give the first day"
    if end is None:
        problems["end"] = "give the last day"
    if start and end and end < start:
        problems["end"] = f"ends before it starts ({start.isoformat()})"
    return problems


def add_unavailable(
    expert: Expert,
    start: datetime.date | None,
    end: datetime.date | None,
    note: str = "",
    *,
    user: Any,
    via: str = "web",
) -> Unavailability:
    """Keep a period `expert` cannot take an assignment (first and last day included)."""
    problems = check_period(start, end)
    if len(note) > 200:
        problems["note"] = "at most 200 characters"
    if problems:
        raise ValidationError(problems)
    assert start is not None and end is not None
    with transaction.atomic():
        period = Unavailability.objects.create(
            expert=expert, start=start, end=end, note=note.strip()
        )
        _record_period(period, "created", user=user, via=via)
    return period


def remove_unavailable(period: Unavailability, *, user: Any, via: str = "web") -> None:
    with transaction.atomic():
        _record_period(period, "deleted", user=user, via=via)
        period.delete()


def _record_period(period: Unavailability, verb: str, *, user: Any, via: str) -> None:
    expert = period.expert
    ref = f"{expert.ref} unavailable {period.start.isoformat()}"
    values = {"expert": expert.ref, "start": period.start.isoformat()}
    values |= {"end": period.end.isoformat(), "note": period.note}
    record_change(
        user=user,
        via=via,
        model=Unavailability,
        verb=verb,
        refs=[ref],
        details={ref: values},
        source=SOURCE,
        members=[expert.home] if expert.home else (),
    )


# --- the CV ----------------------------------------------------------------------------


def owner_organisation(user: Any) -> Organisation | None:
    """The organisation that keeps a CV of an expert with no home Member: the acting user's
    (a superuser without one: the first by code)."""
    role = access.role_of(user)
    if role is not None and role.organisation_id:
        return Organisation.objects.get(pk=role.organisation_id)
    return Organisation.objects.order_by("code").first()


def store_cv(expert: Expert, upload: UploadedFile, *, user: Any, via: str = "web") -> EvidenceFile:
    """Keep `upload` as evidence (of the expert's home Member, or the acting user's
    organisation): checked as every evidence file is (ValidationError {"cv": …})."""
    owner: dict[str, Any] = {"member": expert.home} if expert.home else {}
    if not owner:
        owner["organisation"] = owner_organisation(user)
    try:
        return store_evidence(upload, user=user, via=via, **owner)
    except ValidationError as exc:
        raise ValidationError({"cv": exc.messages}) from None


def set_cv(expert: Expert, file: EvidenceFile, *, user: Any, via: str = "web") -> CV:
    """Make `file` the expert's CV, replacing the one before (whose file stays evidence)."""
    with transaction.atomic():
        old = CV.objects.filter(expert=expert).values_list("file__name", flat=True).first()
        cv, _ = CV.objects.update_or_create(expert=expert, defaults={"file": file})
        record_change(
            user=user,
            via=via,
            model=CV,
            verb="updated" if old else "created",
            refs=[expert.ref],
            details={expert.ref: {"cv": [old, file.name] if old else file.name}},
            source=SOURCE,
            members=[expert.home] if expert.home else (),
        )
    return cv


def attach_cv(expert: Expert, upload: UploadedFile, *, user: Any, via: str = "web") -> CV:
    """Store `upload` and make it the expert's CV."""
    with transaction.atomic():
        return set_cv(expert, store_cv(expert, upload, user=user, via=via), user=user, via=via)


# --- profile updates through a single-use link -----------------------------------------


def create_link(expert: Expert, *, user: Any, via: str = "web") -> ProfileUpdate:
    """A new single-use link for `expert` to propose changes to their profile, valid
    LINK_DAYS days. Links sent before stay valid until used or expired."""
    with transaction.atomic():
        update = ProfileUpdate.objects.create(
            expert=expert,
            key=new_key(),
            created_by=_user(user),
            expires=timezone.now() + datetime.timedelta(days=LINK_DAYS),
        )
        record_change(
            user=user,
            via=via,
            model=ProfileUpdate,
            verb="created",
            refs=[f"{expert.ref} update {update.pk}"],
            details={f"{expert.ref} update {update.pk}": {"expert": expert.ref}},
            source=SOURCE,
        )
    return update


def send_link(update: ProfileUpdate, url: str, *, user: Any, via: str = "web") -> str:
    """E-mail `url` (the link's full address) to the expert; the problem when the mail
    server refuses it ("" when sent). The link stays valid either way, to be copied."""
    expert = update.expert
    if not expert.email:
        return f"{expert.name} has no e-mail address: copy the link to them"
    body = (
        f"Dear {expert.name},\n\nPlease check your profile in our expert pool (languages, "
        "topics of expertise, periods you are not available, accreditation, CV) and send "
        f"any changes through this link, usable once until "
        f"{timezone.localtime(update.expires):%d %B %Y}:\n{url}\n\nThank you."
    )
    try:
        send_mail("Your expert profile", body, settings.DEFAULT_FROM_EMAIL, [expert.email])
    except (OSError, smtplib.SMTPException) as error:
        return f"the mail server refused the message to {expert.email}: {error}"
    ref = f"{expert.ref} update {update.pk}"
    record_change(
        user=user,
        via=via,
        model=ProfileUpdate,
        verb="updated",
        refs=[ref],
        details={ref: {"sent_to": ["", expert.email]}},
        source=SOURCE,
    )
    return ""


def proposed_of(expert: Expert, wanted: Mapping[str, Any]) -> dict[str, Any]:
    """What of `wanted` differs from `expert`'s profile, as kept in ProfileUpdate.proposed:
    languages (text), expertise (sorted topic codes), accredited_on and accredited_until (ISO
    days, given together for a renewal), unavailable (new periods: start, end, note)."""
    proposed: dict[str, Any] = {}
    languages = str(wanted.get("languages", expert.languages) or "").strip()
    if languages != expert.languages:
        proposed["languages"] = languages
    if "expertise" in wanted:
        now = sorted(t.code for t in expert.expertise.all())
        codes = sorted(set(wanted["expertise"]))
        if codes != now:
            proposed["expertise"] = codes
    for name in ("accredited_on", "accredited_until"):
        day = wanted.get(name)
        if day and day != getattr(expert, name):
            proposed[name] = day.isoformat()
    periods = [
        {"start": s.isoformat(), "end": e.isoformat(), "note": n}
        for s, e, n in wanted.get("unavailable", ())
    ]
    if periods:
        proposed["unavailable"] = periods
    return proposed


def submit_update(
    update: ProfileUpdate,
    wanted: Mapping[str, Any],
    cv: UploadedFile | None = None,
) -> ProfileUpdate:
    """Keep what the expert proposes, for review; nothing of the profile changes. Takes one
    submission per link: a second (or a link no longer open) raises ProfileUpdate.DoesNotExist."""
    expert = update.expert
    with transaction.atomic():
        # The conditional update makes the link single-use even for two posts at once.
        taken = ProfileUpdate.objects.filter(pk=update.pk, status=ProfileUpdate.Status.SENT)
        if not taken.update(status=ProfileUpdate.Status.PENDING, submitted_at=timezone.now()):
            raise ProfileUpdate.DoesNotExist("this link was used already")
        update.refresh_from_db()
        update.proposed = proposed_of(expert, wanted)
        if cv is not None:
            update.cv = store_cv(expert, cv, user=update.created_by, via=VIA_LINK)
        update.save(update_fields=["proposed", "cv"])
        ref = f"{expert.ref} update {update.pk}"
        # An update's details are [old, new] pairs: what is proposed, beside nothing before.
        proposals = {f"proposed {k}": [None, v] for k, v in update.proposed.items()}
        record_change(
            user=None,
            via=VIA_LINK,
            model=ProfileUpdate,
            verb="updated",
            refs=[ref],
            details={ref: {"status": ["sent", "pending"], **proposals}},
            source=SOURCE,
            organisation=owner_organisation(update.created_by),
        )
    return update


def accept_update(update: ProfileUpdate, *, user: Any) -> Expert:
    """Apply exactly what the expert proposed: the workbook columns through save_profile,
    the new unavailable periods and the CV; recorded under `user`, via "expert link"."""
    _check_pending(update)
    expert = update.expert
    proposed = dict(update.proposed)
    reason = f"the expert's profile update of {update.submitted_at:%Y-%m-%d}, accepted"
    with transaction.atomic():
        columns = {k: v for k, v in proposed.items() if k not in ("unavailable",)}
        if columns:
            row = records.stored_values("experts", expert.ref) or {}
            row = {**row, **columns}
            save_profile(row, user=user, via=VIA_LINK, reason=reason)
        for period in proposed.get("unavailable", ()):
            start = datetime.date.fromisoformat(period["start"])
            end = datetime.date.fromisoformat(period["end"])
            add_unavailable(expert, start, end, period.get("note", ""), user=user, via=VIA_LINK)
        if update.cv is not None:
            set_cv(expert, update.cv, user=user, via=VIA_LINK)
        _review(update, ProfileUpdate.Status.ACCEPTED, user=user, note="")
    expert.refresh_from_db()
    return expert


def reject_update(update: ProfileUpdate, note: str, *, user: Any) -> ProfileUpdate:
    """Turn the proposal down with a note; nothing of the profile changes. A CV sent with it
    is deleted (file and row, in the history): it was never the expert's CV, and nobody
    else refers to it."""
    _check_pending(update)
    if not note.strip():
        raise ValidationError({"note": "say why the update is rejected"})
    with transaction.atomic():
        _review(update, ProfileUpdate.Status.REJECTED, user=user, note=note.strip())
        if update.cv is not None:
            delete_evidence(update.cv, user, via=VIA_LINK)
            update.cv = None
    return update


def _check_pending(update: ProfileUpdate) -> None:
    if update.status != ProfileUpdate.Status.PENDING:
        raise ValidationError({"update": f"this update is {update.get_status_display()}"})


def _review(update: ProfileUpdate, status: str, *, user: Any, note: str) -> None:
    update.status = status
    update.reviewed_by = _user(user)
    update.reviewed_at = timezone.now()
    update.review_note = note
    update.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    ref = f"{update.expert.ref} update {update.pk}"
    record_change(
        user=user,
        via=VIA_LINK,
        model=ProfileUpdate,
        verb="updated",
        refs=[ref],
        details={ref: {"status": [ProfileUpdate.Status.PENDING.value, status]}},
        source=SOURCE,
        reason=note,
    )


def known_topics(codes: list[str]) -> list[str]:
    """The codes of `codes` that name a topic."""
    return sorted(Topic.objects.filter(code__in=codes).values_list("code", flat=True))


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None
