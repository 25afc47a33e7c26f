from django.contrib import admin

from apps.core.admin import TenantAdminMixin
from apps.users.models import User


@admin.register(User)
class UserAdmin(TenantAdminMixin, admin.ModelAdmin):
    """Tenant admins edit their people here; passwords are changed by their owners, never shown."""

    list_display = ("name", "email", "role", "department", "status", "last_login")
    list_filter = ("role", "status", "department")
    search_fields = ("name", "email", "employee_id")
    exclude = ("password",)
    readonly_fields = ("last_login", "created_at", "updated_at")
    autocomplete_fields = ("direct_manager",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()  # the person sets it through "forgot password"
        super().save_model(request, obj, form, change)
