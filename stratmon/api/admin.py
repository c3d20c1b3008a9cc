"""API tokens in the admin: shown, never written there (each user makes and revokes its own on
its tokens page, or the operator with `stratmon users token`); the digest is not shown."""

from django.contrib import admin

from stratmon.facts.admin import ReadOnlyAdmin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = [
        "prefix",
        "name",
        "user",
        "read_only",
        "created_at",
        "expires_at",
        "last_used_at",
        "state",
    ]
    list_filter = ["read_only"]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    exclude = ["digest"]
