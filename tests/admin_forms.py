"""Drive Django admin pages as a browser would: post back what a page served, with edits."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import models


def served_form(page: Any) -> dict[str, Any]:
    """The POST data of an admin add or change page as served: the record's form, and every
    inline's management form and rows, unchanged."""
    data = _fields(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= _fields(formset.management_form)
        for form in formset.forms:
            data |= _fields(form)
    return data


def add_inline_row(page: Any, data: dict[str, Any], prefix: str, **values: Any) -> dict[str, Any]:
    """`data` with one more row in the inline whose formset prefix is `prefix`: the defaults
    the page offers for a new row (as a browser posts them), with `values` filled in."""
    formset = next(
        i.formset for i in page.context["inline_admin_formsets"] if i.formset.prefix == prefix
    )
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    row = {
        key.replace("__prefix__", str(n)): value
        for key, value in _fields(formset.empty_form).items()
    }
    row |= {f"{prefix}-{n}-{name}": value for name, value in values.items()}
    return {**data, f"{prefix}-TOTAL_FORMS": str(n + 1), **row}


def _fields(form: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue  # an empty field or an unticked box is not posted
        key = form.add_prefix(name)
        if isinstance(value, list | tuple):
            data[key] = [_text(v) for v in value]
        else:
            data[key] = _text(value)
    return data


def _text(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "on" if value is True else str(value)
