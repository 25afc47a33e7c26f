"""Django admin as tenant admins use it: every query runs as the app role under RLS, so each admin
sees only their own tenant. Global tables (auth groups, sign-in attempts of every tenant) are kept
out of it."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection

admin.site.site_header = "Factory Pulse administration"
admin.site.site_title = "Factory Pulse"
admin.site.index_title = "Your factory"


def mark_admin_audit() -> None:
    """Admin edits bypass the services, so the database audit trigger records them
    (see activity migration 0002): mark this transaction as the admin's."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('app.audit_source', 'admin', true)")


class TenantAdminMixin:
    """Hides the tenant column and fills it from the signed-in admin's tenant on create."""

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        return [*excluded, self.model.TENANT_FIELD]

    def save_model(self, request, obj, form, change):
        if not change:
            setattr(obj, f"{self.model.TENANT_FIELD}_id", request.user.organization_id)
        mark_admin_audit()
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        mark_admin_audit()
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        mark_admin_audit()
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        mark_admin_audit()
        for inline_obj in formset.save(commit=False):
            tenant_field = getattr(inline_obj, "TENANT_FIELD", None)
            if tenant_field and getattr(inline_obj, f"{tenant_field}_id", None) is None:
                setattr(inline_obj, f"{tenant_field}_id", request.user.organization_id)
            inline_obj.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()


def _unregister_global_models() -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (Group, AccessAttempt, AccessLog, AccessFailureLog):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister_global_models()
