"""Admin pages for recorded facts; every save records who made it."""

from django.contrib import admin

from .history import field_changes, record_change
from .models import (
    Activity,
    Agreement,
    Change,
    Evaluation,
    Expert,
    ExpertAssignment,
    MemberStatus,
    MilestoneUpdate,
    Output,
    Participation,
    Partner,
    Request,
    Topic,
)


class RecordedAdmin(admin.ModelAdmin):
    """Records who saved what: on the row itself, and in the change history."""

    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # After the many-to-many links are saved, so the history shows their new values.
        super().save_related(request, form, formsets, change)
        obj = form.instance
        details = {}
        if change:
            if not form.changed_data:
                return
            details = {obj.ref: field_changes(obj, form.changed_data, form.initial)}
        record_change(
            user=request.user,
            via="admin",
            model=type(obj),
            verb="updated" if change else "created",
            refs=[obj.ref],
            details=details,
        )

    def delete_model(self, request, obj):
        record_change(
            user=request.user, via="admin", model=type(obj), verb="deleted", refs=[obj.ref]
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        record_change(
            user=request.user,
            via="admin",
            model=queryset.model,
            verb="deleted",
            refs=sorted(queryset.values_list("ref", flat=True)),
        )
        super().delete_queryset(request, queryset)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(MemberStatus)
class MemberStatusAdmin(RecordedAdmin):
    list_display = ["ref", "member", "topic", "status", "effective"]
    list_filter = ["topic", "status"]
    list_select_related = ["member", "topic"]
    search_fields = ["ref", "member__name", "member__iso3"]
    autocomplete_fields = ["member", "topic"]


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    fields = ["ref", "person", "member", "gender", "role"]
    autocomplete_fields = ["member"]


class AssignmentInline(admin.TabularInline):
    model = ExpertAssignment
    extra = 0
    fields = ["ref", "expert"]
    autocomplete_fields = ["expert"]


@admin.register(Activity)
class ActivityAdmin(RecordedAdmin):
    list_display = ["ref", "kind", "title", "start", "end", "host", "status"]
    list_filter = ["kind", "status"]
    list_select_related = ["host"]
    search_fields = ["ref", "title"]
    date_hierarchy = "start"
    autocomplete_fields = ["host", "requested_by", "partners", "actions"]
    inlines = [ParticipationInline, AssignmentInline]


@admin.register(Participation)
class ParticipationAdmin(RecordedAdmin):
    list_display = ["ref", "activity", "member", "gender", "role"]
    list_filter = ["gender", "role"]
    list_select_related = ["activity", "member"]
    autocomplete_fields = ["activity", "member"]


@admin.register(Evaluation)
class EvaluationAdmin(RecordedAdmin):
    list_display = ["ref", "activity", "score", "scale_max", "responses"]
    list_select_related = ["activity"]
    autocomplete_fields = ["activity"]


@admin.register(Expert)
class ExpertAdmin(RecordedAdmin):
    list_display = ["ref", "name", "home", "accreditation", "category"]
    list_filter = ["accreditation"]
    search_fields = ["ref", "name"]
    autocomplete_fields = ["home", "expertise"]


@admin.register(Request)
class RequestAdmin(RecordedAdmin):
    list_display = ["ref", "kind", "subject", "requested_on", "requested_by", "fulfilled_on"]
    list_filter = ["kind", "activity_kind"]
    list_select_related = ["requested_by"]
    autocomplete_fields = ["requested_by", "addressed_to", "activity"]


@admin.register(Agreement)
class AgreementAdmin(RecordedAdmin):
    list_display = ["ref", "kind", "title", "signed_on"]
    list_filter = ["kind"]
    autocomplete_fields = ["members", "partners"]


@admin.register(Output)
class OutputAdmin(RecordedAdmin):
    list_display = ["ref", "kind", "title", "date"]
    list_filter = ["kind"]
    search_fields = ["ref", "title"]
    autocomplete_fields = ["members", "actions"]


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    """The change history: read only, for audit."""

    list_display = ["at", "user", "via", "source", "verb", "model", "count"]
    list_filter = ["via", "verb", "model"]
    list_select_related = ["user"]
    search_fields = ["source", "refs"]
    date_hierarchy = "at"

    @admin.display(description="records")
    def count(self, obj):
        return len(obj.refs)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MilestoneUpdate)
class MilestoneUpdateAdmin(RecordedAdmin):
    list_display = ["ref", "kpi", "reported_on", "percent_complete", "steps_done", "steps_total"]
    list_filter = ["kpi__plan"]
    list_select_related = ["kpi__plan"]
    search_fields = ["ref", "kpi__code", "note", "evidence"]
    autocomplete_fields = ["kpi"]
    date_hierarchy = "reported_on"
