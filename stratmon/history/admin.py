"""The admin's side of the change history: one base class for every admin page, so saves,
inline rows and deletes (one or in bulk) are recorded the same way whatever the model; and
the history's own page, read only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.forms import BaseModelForm
from django.forms.models import BaseModelFormSet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from stratmon.facts.models import Recorded

from .models import Change
from .recording import delete_records, record_created, record_updates, snapshots

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


# Records listed on a history entry's page; a large import's others are counted, not listed.
SHOWN = 200


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    """The change history: read only, for audit, each change in words (field: old → new)."""

    list_display = ["at", "user", "via", "source", "verb", "model", "count", "reason", "summary"]
    list_filter = ["via", "verb", "model"]
    list_select_related = ["user"]
    search_fields = ["source", "refs", "reason"]
    date_hierarchy = "at"
    fields = [
        *["at", "user", "via", "source", "verb", "model", "count", "reason", "organisation"],
        "what_changed",
    ]
    readonly_fields = fields

    @admin.display(description="records")
    def count(self, obj):
        return len(obj.refs)

    @admin.display(description="what changed")
    def summary(self, obj):
        lines = obj.lines(records=3)
        more = len(lines) > 3 or len(obj.refs) > 3
        return format_html(
            "{}{}",
            format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines[:3])),
            format_html("<br>… ({} records)", len(obj.refs)) if more else "",
        )

    @admin.display(description="what changed")
    def what_changed(self, obj):
        if obj.verb == Change.Verb.UPDATED:
            head = ["record", "field", "before", "after"]
            cells = [[r.ref, r.field, r.before, r.after] for r in obj.rows(SHOWN)]
        else:
            head = ["record", "field", "value"]
            deleted = obj.verb == Change.Verb.DELETED
            cells = [[r.ref, r.field, r.before if deleted else r.after] for r in obj.rows(SHOWN)]
        previous = None
        for row in cells:
            # A record's id heads its first row only, so its fields read as one block.
            ref, row[0] = row[0], "" if row[0] == previous else row[0]
            previous = ref
        rest = len(obj.refs) - SHOWN
        return format_html(
            '<table class="change-detail"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>{}',
            format_html_join("", "<th>{}</th>", ((h,) for h in head)),
            format_html_join("", "<tr>" + "<td>{}</td>" * len(head) + "</tr>", cells),
            format_html("<p>… and {} more records</p>", rest) if rest > 0 else "",
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
