from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.admin import TenantAdminMixin
from apps.users.forms import AdminSignInForm
from apps.users.models import User

# The admin's sign-in page refuses an over-long name like the app's (see SignInLengthMixin).
admin.site.login_form = AdminSignInForm

# Role and status change only on the team page (`team_member_update_role_status`), which keeps the
# rule that a factory always has an active admin; in the admin they are read-only once the person
# exists.
_ACCESS_FIELDS = ("role", "status", "change_access")


@admin.register(User)
class UserAdmin(TenantAdminMixin, admin.ModelAdmin):
    """Tenant admins edit their people here; passwords are changed by their owners, never shown."""

    list_display = ("name", "email", "role", "department", "status", "last_login")
    list_filter = ("role", "status", "department")
    search_fields = ("name", "email", "employee_id")
    exclude = ("password",)
    # Preferences are each person's own, written only by their settings page
    # (`user_settings_update`), which validates every key: raw JSON here once let in
    # "Mars/Olympus".
    readonly_fields = ("preferences", "last_login", "created_at", "updated_at")
    autocomplete_fields = ("direct_manager",)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly if obj is None else (*_ACCESS_FIELDS, *readonly)

    @admin.display(description=_("Change role or status"))
    def change_access(self, obj) -> str:
        return format_html(_('On the <a href="{}">team page</a>.'), reverse("team:list"))

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()  # the person sets it through "forgot password"
        super().save_model(request, obj, form, change)
