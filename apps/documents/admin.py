"""Documents are uploaded, versioned and deleted through the document services; the admin shows
them and who accessed them, and offers one action of its own: removing the stored files of
deleted documents (through `document_purge_files`)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.admin import ReadOnlyTenantAdmin
from apps.documents.models import Document, DocumentAccessLog
from apps.documents.services import document_purge_files


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
    actions = ("remove_stored_files",)

    @admin.action(description=_("Remove the stored files of the selected deleted documents"))
    def remove_stored_files(self, request, queryset):
        removed, refused = 0, []
        for document in queryset.select_related(None).only("id", "title"):
            try:
                removed += document_purge_files(user=request.user, document=document)
            except (ValidationError, PermissionDenied) as error:
                refused.append(" ".join(getattr(error, "messages", [str(error)])))
        if removed:
            self.message_user(
                request,
                gettext("Removed %(count)s stored file(s).") % {"count": removed},
                messages.SUCCESS,
            )
        for message in refused:
            self.message_user(request, message, messages.WARNING)
        if not removed and not refused:
            self.message_user(
                request, gettext("There were no stored files to remove."), messages.INFO
            )


@admin.register(DocumentAccessLog)
class DocumentAccessLogAdmin(ReadOnlyTenantAdmin):
    list_display = ("created_at", "document", "action", "user", "ip_address")
    list_filter = ("action",)
    list_select_related = ("document", "user")
    exclude = ("organization",)
