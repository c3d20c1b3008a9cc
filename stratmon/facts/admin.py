"""Admin pages for recorded facts; every change made here is in the change history."""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .history_admin import HistoryAdmin
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


class RecordedAdmin(HistoryAdmin):
    """A recorded fact: who created and last changed it shows on its page."""

    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


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


# Records listed on a history entry's page; a large import's others are counted, not listed.
SHOWN = 200


@admin.register(Change)
class ChangeAdmin(admin.ModelAdmin):
    """The change history: read only, for audit, each change in words (field: old → new)."""

    list_display = ["at", "user", "via", "source", "verb", "model", "count", "summary"]
    list_filter = ["via", "verb", "model"]
    list_select_related = ["user"]
    search_fields = ["source", "refs"]
    date_hierarchy = "at"
    fields = ["at", "user", "via", "source", "verb", "model", "count", "what_changed"]
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


@admin.register(MilestoneUpdate)
class MilestoneUpdateAdmin(RecordedAdmin):
    list_display = ["ref", "kpi", "reported_on", "percent_complete", "steps_done", "steps_total"]
    list_filter = ["kpi__plan"]
    list_select_related = ["kpi__plan"]
    search_fields = ["ref", "kpi__code", "note", "evidence"]
    autocomplete_fields = ["kpi"]
    date_hierarchy = "reported_on"
