"""Forms of the expert pool's pages. The profile form is the data pages' `experts` record form
(stratmon.web.record_forms), with the e-mail beside it: the workbook's checks place their
problems on its fields."""

from __future__ import annotations

from typing import Any

from django import forms

from stratmon.facts.models import Expert, Topic
from stratmon.web import record_forms as rf

DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# New unavailable periods an expert may state on their link's page at once (no script).
PERIOD_ROWS = 3


def profile_form(user: Any, key: str | None = None) -> type[rf.RecordForm]:
    """The `experts` record form (an edit form when `key` is given) with an e-mail field."""
    base = rf.record_form("experts", user, key=key)
    email = forms.EmailField(
        label="E-mail",
        required=False,
        help_text="Where profile update links are sent; not exported with the workbook.",
    )
    # The reason for a change stays last, after the e-mail.
    order = [*(n for n in base.base_fields if n != rf.REASON), "email", rf.REASON]
    return type("ExpertProfileForm", (base,), {"email": email, "field_order": order})


class PeriodForm(forms.Form):
    start = forms.DateField(label="First day", widget=DAY)
    end = forms.DateField(label="Last day", widget=DAY)
    note = forms.CharField(label="Note", max_length=200, required=False)


class CVForm(forms.Form):
    cv = forms.FileField(label="CV", help_text="PDF or Word document.")


class UpdateForm(forms.Form):
    """What an expert may change through their link; the page shows the current values."""

    languages = forms.CharField(
        label="Languages you work in",
        max_length=300,
        required=False,
        help_text="Separate them with ';', e.g. English; French",
    )
    expertise = forms.MultipleChoiceField(
        label="Topics of expertise",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "checks"}),
    )
    accredited_on = forms.DateField(label="Accreditation renewed: from", required=False, widget=DAY)
    accredited_until = forms.DateField(label="Renewed until", required=False, widget=DAY)
    cv = forms.FileField(label="A new CV", required=False, help_text="PDF or Word document.")

    def __init__(self, *args: Any, expert: Expert, **kwargs: Any) -> None:
        initial = {
            "languages": expert.languages,
            "expertise": [t.code for t in expert.expertise.all()],
        }
        super().__init__(*args, initial=initial, **kwargs)
        field = self.fields["expertise"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = list(Topic.objects.order_by("name").values_list("code", "name"))
        for n in range(1, PERIOD_ROWS + 1):
            self.fields[f"start_{n}"] = forms.DateField(
                label=f"Period {n}: first day", required=False, widget=DAY
            )
            self.fields[f"end_{n}"] = forms.DateField(label="Last day", required=False, widget=DAY)
            self.fields[f"note_{n}"] = forms.CharField(label="Note", max_length=200, required=False)

    def period_rows(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"start_{n}"], self[f"end_{n}"], self[f"note_{n}"])
            for n in range(1, PERIOD_ROWS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        since, until = data.get("accredited_on"), data.get("accredited_until")
        if (since is None) != (until is None) and not self.errors:
            self.add_error("accredited_until", "give both days of the renewal")
        elif since and until and until < since:
            self.add_error("accredited_until", f"ends before it starts ({since.isoformat()})")
        periods = []
        for n in range(1, PERIOD_ROWS + 1):
            start, end = data.get(f"start_{n}"), data.get(f"end_{n}")
            if start is None and end is None:
                continue
            if start is None or end is None:
                self.add_error(f"end_{n}", "give the first and the last day")
            elif end < start:
                self.add_error(f"end_{n}", f"ends before it starts ({start.isoformat()})")
            else:
                periods.append((start, end, data.get(f"note_{n}", "").strip()))
        data["unavailable"] = periods
        return data

    def wanted(self) -> dict[str, Any]:
        """What the expert sent, as experts.proposed_of reads it."""
        data = self.cleaned_data
        wanted: dict[str, Any] = {
            "languages": data["languages"],
            "expertise": data["expertise"],
            "unavailable": data["unavailable"],
        }
        if data.get("accredited_on"):
            wanted["accredited_on"] = data["accredited_on"]
            wanted["accredited_until"] = data["accredited_until"]
        return wanted
