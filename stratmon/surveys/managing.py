"""The Secretariat's writes beside services.py: a new form from a purpose, links sent by
e-mail, a survey's window moved (closed early or extended). Each lands in the history."""

from __future__ import annotations

import datetime
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from stratmon.history.recording import record_change
from stratmon.plans.models import Organisation

from . import links
from .definition import parse_form
from .models import NEEDS_BY_PURPOSE, Form, Invitation, Purpose, Survey
from .services import builtin_forms, form_ref, invitation_ref, survey_ref

# A form of "other" purpose starts with one open question; the others with their shipped
# template's questions, so that the answers they must collect are there from the start.
OTHER_START = [{"id": "comments", "type": "longtext", "label": "Your comments"}]


class WindowError(ValueError):
    """A window that cannot be: closing before opening."""


def starting_questions(purpose: str) -> list[dict[str, Any]]:
    """The questions a new form of `purpose` starts with."""
    for entry in builtin_forms():
        if entry["purpose"] == purpose:
            questions: list[dict[str, Any]] = entry["questions"]
            return questions
    return list(OTHER_START)


@transaction.atomic
def create_form(
    organisation: Organisation, *, purpose: str, title: str, user: Any, via: str = "web"
) -> Form:
    """Version 1 of a new form of `organisation` for `purpose`, titled `title`, starting from
    the purpose's template questions; its code is the title's slug, made unique."""
    if purpose not in Purpose.values:
        raise ValueError(f"the purpose must be one of {', '.join(Purpose.values)}")
    title = title.strip()[:200]
    if not title:
        raise ValueError("a form needs a title")
    questions = starting_questions(purpose)
    parse_form(questions, needs=NEEDS_BY_PURPOSE[purpose])
    base = slugify(title)[:50] or "form"
    taken = set(
        Form.objects.filter(organisation=organisation, code__startswith=base).values_list(
            "code", flat=True
        )
    )
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    form = Form.objects.create(
        organisation=organisation,
        code=code,
        title=title,
        purpose=purpose,
        questions=questions,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    record_change(
        user=user,
        via=via,
        model=Form,
        verb="created",
        refs=[form_ref(form)],
        details={form_ref(form): {"title": title, "purpose": purpose}},
        organisation=organisation,
    )
    return form


def _message(survey: Survey, invitation: Invitation, base_url: str) -> tuple[str, str]:
    closes = timezone.localtime(survey.closes).strftime("%d %B %Y, %H:%M")
    about = f" about {survey.activity.title}" if survey.activity else ""
    hello = f"Dear {invitation.name},\n\n" if invitation.name else "Hello,\n\n"
    body = (
        f"{hello}{survey.organisation.name} asks for your answers to the survey "
        f"{survey.title!r}{about}.\n\nYour personal link (it takes one answer; please do not "
        f"forward it):\n{base_url.rstrip('/')}{links.url_of(invitation.key)}\n\n"
        f"The survey closes on {closes}.\n\nThank you.\n"
    )
    return f"Survey: {survey.title}", body


@dataclass(frozen=True)
class Sent:
    """How many links went out, and why the others did not (the mail server's refusal)."""

    count: int
    problem: str = ""


@transaction.atomic
def send_invitations(
    survey: Survey,
    invitations: Sequence[Invitation],
    user: Any,
    *,
    base_url: str = "",
    via: str = "web",
) -> Sent:
    """E-mail each of `invitations` (of `survey`, with an address, not yet used) its link,
    `base_url` being the site's address, and record when each was sent. When the mail server
    fails, the sending stops there: the links sent before are recorded, the others stay
    unsent (to be sent again) and `problem` says why."""
    due = [i for i in invitations if i.survey_id == survey.pk and i.email and i.used_at is None]
    now = timezone.now()
    sent: list[Invitation] = []
    problem = ""
    for invitation in due:
        subject, body = _message(survey, invitation, base_url)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.email])
        except (OSError, smtplib.SMTPException) as error:
            problem = f"the mail server refused the message to {invitation.email}: {error}"
            break
        invitation.sent_at = now
        sent.append(invitation)
    Invitation.objects.bulk_update(sent, ["sent_at"])
    if sent:
        record_change(
            user=user,
            via=via,
            model=Invitation,
            verb="updated",
            refs=[invitation_ref(i) for i in sent],
            details={"survey": survey_ref(survey), "sent by e-mail": len(sent)},
            organisation=survey.organisation,
            members=[i.member for i in sent if i.member_id],
        )
    return Sent(len(sent), problem[:300])


@transaction.atomic
def change_window(
    survey: Survey,
    *,
    closes: datetime.datetime,
    opens: datetime.datetime | None = None,
    user: Any,
    via: str = "web",
) -> Survey:
    """Move the survey's window (extend it, or bring its closing forward); WindowError when
    it would close before it opens."""
    opens = opens or survey.opens
    if closes <= opens:
        raise WindowError("the survey must close after it opens")
    before = {"opens": survey.opens.isoformat(), "closes": survey.closes.isoformat()}
    survey.opens, survey.closes = opens, closes
    after = {"opens": opens.isoformat(), "closes": closes.isoformat()}
    if before == after:
        return survey
    survey.save(update_fields=["opens", "closes"])
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    record_change(
        user=user,
        via=via,
        model=Survey,
        verb="updated",
        refs=[survey_ref(survey)],
        details={survey_ref(survey): changed},
        organisation=survey.organisation,
    )
    return survey


def close_now(survey: Survey, *, user: Any, via: str = "web") -> Survey:
    """Close the survey at once: its links take no more answers. One not yet open is closed
    too (it opens a second before, so the window stays a window)."""
    now = timezone.now()
    opens = min(survey.opens, now - datetime.timedelta(seconds=1))
    return change_window(survey, opens=opens, closes=now, user=user, via=via)
