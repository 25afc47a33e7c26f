"""Documents are uploaded, versioned and deleted through the document services; the admin only
shows them and who accessed them."""

from django.contrib import admin

from apps.documents.models import Document, DocumentAccessLog
from apps.workflow.admin import ReadOnlyTenantAdmin


@admin.register(Document)
class DocumentAdmin(ReadOnlyTenantAdmin):
    list_display = (
        "title",
        "category",
        "project",
        "current_version_number",
        "access_level",
        "uploaded_by",
        "is_deleted",
        "created_at",
    )
    list_filter = ("category", "access_level", "is_deleted")
    search_fields = ("title", "file_name")
    list_select_related = ("project", "uploaded_by")
    exclude = ("organization",)


@admin.register(DocumentAccessLog)
class DocumentAccessLogAdmin(ReadOnlyTenantAdmin):
    list_display = ("created_at", "document", "action", "user", "ip_address")
    list_filter = ("action",)
    list_select_related = ("document", "user")
    exclude = ("organization",)
