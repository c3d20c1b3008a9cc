"""The forms of the request pages: filing a request, and each move of it. They parse and
check the input only; the services (stratmon.desk.services, delivery, filing) write."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from stratmon.evidence.forms import EvidenceField
from stratmon.facts.models import Topic
from stratmon.plans.models import Member, Organisation

from .models import Channel, Kind, Urgency
from .services import Filing

# Offered while typing; any language may be typed.
LANGUAGES = (
    "English",
    "French",
    "Chinese",
    "Japanese",
    "Korean",
    "Russian",
    "Spanish",
    "Thai",
    "Vietnamese",
    "Indonesian",
    "Malay",
    "Mongolian",
    "Arabic",
    "Bengali",
    "Hindi",
    "Khmer",
    "Lao",
    "Burmese",
    "Nepali",
    "Portuguese",
    "Sinhala",
    "Tongan",
    "Samoan",
    "Fijian",
    "Bislama",
    "Tok Pisin",
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class FilingForm(forms.Form):
    """A new request. The organisation is asked only when the Member belongs to several,
    the Member and the letter's date only of the Secretariat."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        to_field_name="code",
        empty_label=None,
        help_text="The organisation asked: your Member belongs to several.",
    )
    member = forms.ModelChoiceField(
        queryset=Member.objects.none(),
        to_field_name="iso3",
        label="Member",
        help_text="The Member asking.",
    )
    subject = forms.CharField(max_length=300, help_text="What is asked for, in a line.")
    details = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The need, the people concerned, what exists already.",
    )
    kind = forms.ChoiceField(choices=Kind.choices, label="Kind of assistance")
    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.order_by("name"),
        required=False,
        to_field_name="code",
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="What it is about; choose several with Ctrl or ⌘.",
    )
    preferred_start = forms.DateField(
        required=False, widget=DateInput(), label="Preferred first day"
    )
    preferred_end = forms.DateField(required=False, widget=DateInput(), label="Preferred last day")
    language = forms.CharField(
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"list": "list-language", "autocomplete": "off"}),
        help_text="The language the assistance is given in.",
    )
    urgency = forms.ChoiceField(choices=Urgency.choices, initial=Urgency.ROUTINE)
    by_letter = forms.BooleanField(required=False, label="Received by letter or e-mail")
    received_on = forms.DateField(
        required=False,
        widget=DateInput(),
        label="Date received",
        help_text="The letter's or e-mail's date, when received by letter or e-mail.",
    )
    attachments = EvidenceField(
        required=False,
        label="Attachments",
        help_text="The letter, terms of reference…: PDF, images or office documents, 10 MB each.",
    )

    def __init__(
        self,
        *args: Any,
        organisations: QuerySet[Organisation],
        members: QuerySet[Member] | None,
        **kwargs: Any,
    ) -> None:
        """`members` None: a focal point, filing for its own Member without choosing it or
        the letter's date."""
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("code")
        if members is None:
            for name in ("member", "by_letter", "received_on"):
                del self.fields[name]
        else:
            self.fields["member"].queryset = members.order_by("name")
        # One organisation to ask (the Secretariat's own, or the only one of a focal point's
        # Member): nothing to choose.
        choices = list(self.fields["organisation"].queryset)
        if len(choices) == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = choices[0]
        elif members is not None:
            self.fields["organisation"].help_text = "The organisation asked."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("by_letter") and not data.get("received_on"):
            self.add_error("received_on", "give the date the letter or e-mail was received")
        return data

    def filing(self, member: Member) -> Filing:
        data = self.cleaned_data
        letter = bool(data.get("by_letter"))
        return Filing(
            organisation=data["organisation"],
            member=member,
            subject=data["subject"],
            kind=data["kind"],
            details=data["details"],
            topics=tuple(data["topics"]),
            preferred_start=data["preferred_start"],
            preferred_end=data["preferred_end"],
            language=data["language"],
            urgency=data["urgency"],
            channel=Channel.LETTER if letter else Channel.WEB,
            received_on=data["received_on"] if letter else None,
        )

    def show_problems(self, problems: dict[str, Any]) -> None:
        """Each service problem beside its field (the form's top when the field is not
        shown, as a focal point's Member)."""
        for name, message in problems.items():
            field = name if name in self.fields else None
            messages = message if isinstance(message, list) else [message]
            for text in messages:
                self.add_error(field, f"{name.replace('_', ' ')}: {text}" if not field else text)


TODAY_HELP = "Blank: today."


def _today() -> datetime.date:
    return timezone.localdate()


class AnswerForm(forms.Form):
    """Accepting (a dated step with a note)."""

    on = forms.DateField(
        required=False, initial=_today, widget=DateInput(), label="Date", help_text=TODAY_HELP
    )
    note = forms.CharField(required=False, max_length=2000, label="Note")


class DeclineForm(forms.Form):
    on = forms.DateField(
        required=False, initial=_today, widget=DateInput(), label="Date", help_text=TODAY_HELP
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Reason",
        help_text="The Member reads it.",
        error_messages={"required": "say why the request is declined: the Member reads it"},
    )


class NoteForm(forms.Form):
    """Withdrawing: a note only (the service dates it today)."""

    note = forms.CharField(required=False, max_length=2000, label="Note")


class ProposeForm(forms.Form):
    expert = forms.CharField(
        max_length=40,
        label="Expert's reference",
        error_messages={"required": "give the reference of the expert proposed"},
    )
    note = forms.CharField(required=False, max_length=2000, label="Note")


class ScheduleForm(forms.Form):
    start = forms.DateField(widget=DateInput(), label="First day")
    end = forms.DateField(widget=DateInput(), label="Last day")
    place = forms.CharField(required=False, max_length=200, label="Place")
    note = forms.CharField(required=False, max_length=2000, label="Note")


class DeliverForm(forms.Form):
    on = forms.DateField(
        required=False,
        initial=_today,
        widget=DateInput(),
        label="Date delivered",
        help_text=TODAY_HELP,
    )
    note = forms.CharField(required=False, max_length=2000, label="Note")


class EvaluateForm(forms.Form):
    score = forms.DecimalField(
        required=False,
        min_value=Decimal(1),
        max_digits=5,
        decimal_places=2,
        label="Score",
        help_text="Blank: the evaluation its survey recorded.",
    )
    scale_max = forms.IntegerField(
        required=False, initial=5, min_value=1, max_value=100, label="Out of"
    )
    note = forms.CharField(required=False, max_length=2000, label="Note")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        score, scale = data.get("score"), data.get("scale_max")
        if score is not None and scale is not None and score > scale:
            self.add_error("score", f"at most the scale's {scale}")
        return data
