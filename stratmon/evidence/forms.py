"""A form field for evidence: one or several files, every one checked before any is stored.

    class StatusForm(forms.Form):
        evidence = EvidenceField(required=False)

    # in the view, once the form is valid and inside the save's transaction:
    for upload in form.cleaned_data["evidence"]:
        store_evidence(upload, member=member, user=request.user)

A refused file puts its message (naming the file) on the field, so the form shows it there.
"""

from __future__ import annotations

from typing import Any

from django import forms

from .services import clean_evidence
from .sniff import KINDS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several uploaded files in, the list of them out (empty when none was sent)."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The browser's file picker offers the allowed kinds first; the server still checks.
        self.widget.attrs.setdefault("accept", ",".join(sorted(KINDS)))

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return []
        return clean_evidence(super(EvidenceField, self).clean(f, initial) for f in files)
