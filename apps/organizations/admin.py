from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import TenantAdminMixin, TenantScopedForm
from apps.organizations.models import Organization, OrganizationType


class OrganizationAdminForm(TenantScopedForm):
    class Meta:
        model = Organization
        fields = (
            "name",
            "slug",
            "organization_type",
            "description",
            "country",
            "industry",
            "website",
            "address",
            "timezone",
            "default_currency",
            "is_active",
        )

    def clean_organization_type(self):
        value = self.cleaned_data["organization_type"]
        is_tenant = (
            self.instance.pk and self.instance.organization_type == OrganizationType.INTERNAL
        )
        if (value == OrganizationType.INTERNAL) != bool(is_tenant):
            raise forms.ValidationError(
                _(
                    "A factory is created with `manage.py createtenant`; here you manage your "
                    "customers, suppliers and partners."
                )
            )
        return value


@admin.register(Organization)
class OrganizationAdmin(TenantAdminMixin, admin.ModelAdmin):
    form = OrganizationAdminForm
    list_display = ("name", "organization_type", "country", "industry", "is_active")
    list_filter = ("organization_type", "is_active", "country")
    search_fields = ("name", "slug")  # also serves the contacts autocomplete
    prepopulated_fields = {"slug": ("name",)}
