"""The audit trail, for reading: nobody edits it (the app role cannot even UPDATE or DELETE)."""

from django.contrib import admin

from apps.activity.models import ActivityLog
from apps.core.admin import ReadOnlyTenantAdmin


@admin.register(ActivityLog)
class ActivityLogAdmin(ReadOnlyTenantAdmin):
    list_display = ("created_at", "user", "action", "entity_type", "project", "description")
    list_filter = ("action", "entity_type")
    search_fields = ("description",)
    list_select_related = ("user", "project")
    exclude = ("organization",)
    date_hierarchy = "created_at"
