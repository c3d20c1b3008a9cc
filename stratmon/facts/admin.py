"""Admin pages for recorded facts; every change made here is in the change history."""

from typing import Any

from django.contrib import admin

from stratmon.history.admin import HistoryAdmin

from .models import (
    Activity,
    Agreement,
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
    TopicAlias,
)


class RecordedAdmin(HistoryAdmin):
    """A recorded fact: who created and last changed it shows on its page."""

    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]


class ReadOnlyAdmin(HistoryAdmin):
    """Shown, never written here: the web pages write through the services (docs/topics.md)."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    """Topics are added, edited and merged on /topics/ (stratmon.facts.topics): a merge moves
    other organisations' statuses and measures, which an admin form could not."""

    list_display = ["code", "name", "synonyms"]
    search_fields = ["code", "name"]


@admin.register(TopicAlias)
class TopicAliasAdmin(ReadOnlyAdmin):
    list_display = ["code", "topic", "name", "merged_at"]
    list_select_related = ["topic"]


@admin.register(Partner)
class PartnerAdmin(HistoryAdmin):
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
    list_filter = ["kind", "activity_kind", "organisation"]
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


@admin.register(MilestoneUpdate)
class MilestoneUpdateAdmin(RecordedAdmin):
    list_display = ["ref", "kpi", "reported_on", "percent_complete", "steps_done", "steps_total"]
    list_filter = ["kpi__plan"]
    list_select_related = ["kpi__plan"]
    search_fields = ["ref", "kpi__code", "note", "evidence"]
    autocomplete_fields = ["kpi"]
    date_hierarchy = "reported_on"
