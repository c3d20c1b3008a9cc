"""The admin's side of the change history: one base class for every admin page, so saves,
inline rows and deletes (one or in bulk) are recorded the same way whatever the model."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import BaseModelForm
from django.forms.models import BaseModelFormSet
from django.http import HttpRequest

from .history import delete_records, record_created, record_updates, snapshots
from .models import Recorded

VIA = "admin"


def stamp(obj: models.Model, user: Any, *, creating: bool) -> None:
    """Who created and last changed a recorded fact, on the row itself."""
    if isinstance(obj, Recorded):
        if creating:
            obj.created_by = user
        obj.updated_by = user


class HistoryAdmin(admin.ModelAdmin):
    """Records every create, update and delete made on this page and in its inlines."""

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            # The form has already written the new values onto `obj`: read the old ones.
            form.history_before = snapshots(type(obj)._default_manager.filter(pk=obj.pk))
        stamp(obj, request.user, creating=not change)
        super().save_model(request, obj, form, change)

    def save_related(
        self, request: HttpRequest, form: BaseModelForm, formsets: list[Any], change: bool
    ) -> None:
        # As Django's, with the record's own entry after its lists are saved and before its
        # inline rows' entries.
        form.save_m2m()
        obj = form.instance
        model = type(obj)
        if change:
            record_updates(model, form.history_before, user=request.user, via=VIA)
        else:
            record_created(model._default_manager.filter(pk=obj.pk), user=request.user, via=VIA)
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(
        self, request: HttpRequest, form: BaseModelForm, formset: BaseModelFormSet, change: bool
    ) -> None:
        user, model = request.user, formset.model
        instances = formset.save(commit=False)  # writes nothing, deletes nothing
        delete_records(formset.deleted_objects, user=user, via=VIA)
        changed = [obj.pk for obj, _ in formset.changed_objects]
        before = snapshots(model._default_manager.filter(pk__in=changed)) if changed else {}
        for obj in instances:
            stamp(obj, user, creating=obj._state.adding)
            obj.save()
        formset.save_m2m()
        new = [obj.pk for obj in formset.new_objects]
        if new:
            record_created(model._default_manager.filter(pk__in=new), user=user, via=VIA)
        record_updates(model, before, user=user, via=VIA)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        delete_records([obj], user=request.user, via=VIA)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        delete_records(queryset, user=request.user, via=VIA)
