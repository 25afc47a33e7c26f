"""Approvals are requested and decided through the approval services; the admin only shows them,
with their history. Tenant admins set the tenant's approval SLAs here (through the service)."""

from django.contrib import admin

from apps.approvals.models import Approval, ApprovalHistory, ApprovalSlaPolicy
from apps.approvals.services import approval_sla_policy_set
from apps.core.admin import ReadOnlyTenantAdmin, TenantModelAdmin


class ApprovalHistoryInline(admin.TabularInline):
    model = ApprovalHistory
    fields = ("created_at", "action", "old_status", "new_status", "user", "comments")
    ordering = ("created_at",)
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        # Each entry shows who acted: one join instead of a query per entry.
        return super().get_queryset(request).select_related("user")

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


@admin.register(ApprovalSlaPolicy)
class ApprovalSlaPolicyAdmin(TenantModelAdmin):
    """Hours to answer, per priority; a priority without a row uses the default."""

    list_display = ("priority", "hours")
    fields = ("priority", "hours")

    def get_readonly_fields(self, request, obj=None):
        return ("priority",) if obj else ()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        policy = approval_sla_policy_set(user=request.user, priority=obj.priority, hours=obj.hours)
        obj.pk = policy.pk
        obj._state.adding = False
