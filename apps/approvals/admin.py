"""Approvals are requested and decided through the approval services; the admin only shows them,
with their history."""

from django.contrib import admin

from apps.approvals.models import Approval, ApprovalHistory
from apps.workflow.admin import ReadOnlyTenantAdmin


class ApprovalHistoryInline(admin.TabularInline):
    model = ApprovalHistory
    fields = ("created_at", "action", "old_status", "new_status", "user", "comments")
    ordering = ("created_at",)
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Approval)
class ApprovalAdmin(ReadOnlyTenantAdmin):
    list_display = (
        "title",
        "approval_type",
        "status",
        "priority",
        "current_approver_user",
        "current_approver_role",
        "due_at",
        "requested_at",
    )
    list_filter = ("status", "approval_type", "priority", "current_approver_role")
    search_fields = ("title",)
    list_select_related = ("current_approver_user",)
    exclude = ("organization",)
    inlines = (ApprovalHistoryInline,)
