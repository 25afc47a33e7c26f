from django.contrib import admin

from apps.contacts.models import Contact
from apps.core.admin import TenantAdminMixin


@admin.register(Contact)
class ContactAdmin(TenantAdminMixin, admin.ModelAdmin):
    list_display = (
        "contact_name",
        "organization",
        "email",
        "role",
        "is_primary_contact",
        "is_active",
    )
    list_filter = ("type", "is_primary_contact", "is_active")
    search_fields = ("contact_name", "email", "organization__name")
    list_select_related = ("organization",)
    autocomplete_fields = ("organization",)
