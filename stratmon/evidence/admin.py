"""Evidence files in the admin (superusers): read-only; deleting goes through the service,
which records it and removes the file."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.html import format_html

from stratmon.history.admin import HistoryAdmin

from .models import EvidenceFile
from .services import delete_evidence


@admin.register(EvidenceFile)
class EvidenceFileAdmin(HistoryAdmin):
    list_display = ["name", "member", "organisation", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["organisation", "content_type"]
    list_select_related = ["member", "organisation", "uploaded_by"]
    search_fields = ["name", "sha256", "member__name", "member__iso3"]
    date_hierarchy = "uploaded_at"
    fields = [
        "link",
        "member",
        "organisation",
        "content_type",
        "size",
        "sha256",
        "path",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = fields

    @admin.display(description="file")
    def link(self, obj: EvidenceFile) -> str:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.name)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # files come in through the forms, checked

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: EvidenceFile) -> None:
        delete_evidence(obj, request.user, via="admin")

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        for obj in queryset:
            delete_evidence(obj, request.user, via="admin")
