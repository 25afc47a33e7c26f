"""Django admin as tenant admins use it: every query runs as the app role under RLS, so each admin
sees only their own tenant. Global tables (auth groups, sign-in attempts of every tenant) are kept
out of it.

The tenant column never appears in a form: it comes from the signed-in admin (and RLS would refuse
any other). It is set in one place, when a form for a new row is built (`TenantScopedForm`), so the
form validates the tenant-scoped unique rules ("slug already used") and reports them as form errors
instead of a database error page. Every model names its tenant column in `TENANT_FIELD`.
"""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.utils.translation import gettext_lazy as _

from apps.core.widgets import ValidatedAutocompleteSelect

admin.site.site_header = _("Factory Pulse administration")
admin.site.site_title = "Factory Pulse"
admin.site.index_title = _("Your factory")


def mark_admin_audit() -> None:
    """Admin edits bypass the services, so the database audit trigger records them
    (see activity migration 0002): mark this transaction as the admin's."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('app.audit_source', 'admin', true)")


def _tenant_filter(model, request) -> dict:
    return {f"{model.TENANT_FIELD}_id": request.user.organization_id}


class TenantScopedForm(forms.ModelForm):
    """Puts the admin's tenant on a new instance and validates the tenant-scoped unique rules."""

    tenant_id = None  # set per request by `bind_form_to_tenant`

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tenant_column = f"{self._meta.model.TENANT_FIELD}_id"
        if self.instance._state.adding and self.tenant_id is not None:
            setattr(self.instance, tenant_column, self.tenant_id)

    def _get_validation_exclusions(self):
        exclude = super()._get_validation_exclusions()
        exclude.discard(self._meta.model.TENANT_FIELD)
        return exclude


def bind_form_to_tenant(form_class, request):
    """The admin's form class for this request, with the signed-in admin's tenant."""
    if not issubclass(form_class, TenantScopedForm):
        raise TypeError(f"{form_class.__name__} must derive from TenantScopedForm.")
    return type(form_class.__name__, (form_class,), {"tenant_id": request.user.organization_id})


class TenantFormsMixin:
    """For admins and inlines: tenant-bound forms, tenant column hidden, choices of this tenant."""

    form = TenantScopedForm

    def get_exclude(self, request, obj=None):
        excluded = list(super().get_exclude(request, obj) or [])
        tenant_field = self.model.TENANT_FIELD
        return excluded if tenant_field in excluded else [*excluded, tenant_field]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # RLS already limits the choices to the tenant; say so in the query too.
        related = db_field.related_model
        if hasattr(related, "TENANT_FIELD"):
            kwargs.setdefault(
                "queryset", related._default_manager.filter(**_tenant_filter(related, request))
            )
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs.setdefault(
                "widget",
                ValidatedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using")),
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TenantAdminMixin(TenantFormsMixin):
    """A model admin for tenant rows: the tenant's rows only, written in the tenant, audited."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return bind_form_to_tenant(form, request)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(**_tenant_filter(self.model, request))

    def save_model(self, request, obj, form, change):
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
        super().save_formset(request, form, formset, change)


class TenantModelAdmin(TenantAdminMixin, admin.ModelAdmin):
    pass


# The most rows an inline holds (a workflow stage's sub-stages, a definition's stages). A posted
# form count above it is refused before any form is built: Django's own bound is 2,000 forms per
# inline, and `TOTAL_FORMS=99999…` kept a worker busy for half a minute building and showing them.
INLINE_MAX_ROWS = 100


class TenantInline(TenantFormsMixin, admin.TabularInline):
    """An inline of tenant rows under a `TenantAdminMixin` admin."""

    extra = 0
    max_num = INLINE_MAX_ROWS

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", INLINE_MAX_ROWS)
        kwargs.setdefault("validate_max", True)
        formset = super().get_formset(request, obj, **kwargs)
        return type(
            formset.__name__, (formset,), {"form": bind_form_to_tenant(formset.form, request)}
        )


class ReadOnlyTenantAdmin(admin.ModelAdmin):
    """A window on tenant data that is written only through the services (and the audit trail,
    which nobody edits): list, filter, look, never add, change or delete."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(**_tenant_filter(self.model, request))

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _unregister_global_models() -> None:
    for model in (Group, AccessAttempt, AccessLog, AccessFailureLog):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


_unregister_global_models()
