"""Admin pages for organisations, Members and plans; every change is in the change history."""

from django.contrib import admin
from django.utils import timezone

from stratmon.history.admin import HistoryAdmin

from .models import KPI, Action, Member, Membership, Objective, Organisation, Pillar, Plan


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["code", "short_name", "name", "share_member_profiles"]
    inlines = [MembershipInline]


@admin.register(Member)
class MemberAdmin(HistoryAdmin):
    list_display = ["name", "iso2", "iso3", "kind"]
    list_filter = ["kind", "memberships__organisation"]
    search_fields = ["name", "iso2", "iso3"]


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["member", "organisation", "joined", "left", "subregion"]
    list_filter = ["organisation", "subregion"]
    list_select_related = ["member", "organisation"]
    autocomplete_fields = ["member"]


class PillarInline(admin.TabularInline):
    model = Pillar
    extra = 0
    fields = ["order", "code", "title", "overall_objective"]


@admin.register(Plan)
class PlanAdmin(HistoryAdmin):
    # Versions of one plan share its code: code, version and period tell them apart.
    list_display = [
        "code",
        "version",
        "title",
        "organisation",
        "period_start",
        "period_end",
        "state",
        "superseded_by",
    ]
    list_filter = ["organisation", "status"]
    list_select_related = ["organisation", "superseded_by"]
    search_fields = ["code", "title"]
    readonly_fields = ["version", "superseded_by", "superseded_on"]
    inlines = [PillarInline]

    @admin.display(description="state today")
    def state(self, plan: Plan) -> str:
        return plan.state(timezone.localdate())


@admin.register(Pillar)
class PillarAdmin(HistoryAdmin):
    list_display = ["plan", "code", "title"]
    list_filter = ["plan"]


@admin.register(Objective)
class ObjectiveAdmin(HistoryAdmin):
    list_display = ["plan", "code", "title"]
    list_filter = ["plan"]


class KPIInline(admin.StackedInline):
    model = KPI
    extra = 0
    fields = ["order", "code", "text", "target_text", "deadline", "origin", "planned_start"]


@admin.register(Action)
class ActionAdmin(HistoryAdmin):
    list_display = ["plan", "code", "text", "reference"]
    list_filter = ["plan", "pillar"]
    list_select_related = ["plan"]
    search_fields = ["code", "text"]
    inlines = [KPIInline]


@admin.register(KPI)
class KPIAdmin(HistoryAdmin):
    list_display = ["plan", "code", "text", "target_text", "deadline", "origin", "done_on"]
    list_filter = ["plan", "origin"]
    list_select_related = ["plan"]
    search_fields = ["code", "text", "target_text"]
