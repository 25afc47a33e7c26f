"""Projects change through the workflow services (transitions, audit, notifications), so the
admin only shows them."""

from django.contrib import admin

from apps.core.admin import ReadOnlyTenantAdmin
from apps.projects.models import Project


@admin.register(Project)
class ProjectAdmin(ReadOnlyTenantAdmin):
    list_display = (
        "project_id",
        "title",
        "customer_organization",
        "status",
        "priority_level",
        "current_stage",
        "assigned_to",
        "created_at",
    )
    list_filter = ("status", "priority_level", "project_type", "intake_type")
    search_fields = ("project_id", "title")
    list_select_related = ("customer_organization", "current_stage", "assigned_to")
    exclude = ("organization", "search_vector")
