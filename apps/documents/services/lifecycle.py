"""Deleting documents: a soft delete for users, and the removal of stored files for admins.

A soft delete hides the document from every page and download but keeps its rows and files, so
the trail stays whole and an administrator can still look. Removing the files of a deleted
document is a separate, deliberate step (an admin action): the version rows stay (the access log
refers to them), their `file` is emptied, and the files go once the transaction commits.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from apps.core.files import delete_stored_files
from apps.core.reasons import optional_reason
from apps.documents.events import document_deleted_event, document_files_purged_event
from apps.documents.models import Document, DocumentAccessAction
from apps.documents.services.access_log import ClientInfo, document_access_record
from apps.documents.services.guards import lock_document, require


@transaction.atomic
def document_soft_delete(
    *, user, document: Document, reason: str = "", client: ClientInfo | None = None
) -> Document:
    """Hide a document (and all its versions) from everyone; the reason is optional."""
    require(user, "documents.delete")
    reason = optional_reason(reason)
    locked = lock_document(user, document)
    locked.is_deleted = True
    locked.deleted_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["is_deleted", "deleted_at", "updated_at"])
    document_access_record(
        user=user, document=locked, action=DocumentAccessAction.DELETE, client=client
    )
    document_deleted_event(user=user, document=locked, reason=reason)
    return locked


@transaction.atomic
def document_purge_files(*, user, document: Document) -> int:
    """Remove the stored files of a deleted document; returns how many files go.

    Refused for a document that is not deleted: files go only after the document has left every
    page. Calling it twice removes nothing the second time.
    """
    require(user, "documents.delete")
    locked = (
        Document.objects.select_for_update()
        .filter(organization_id=user.organization_id, pk=document.pk)
        .first()
    )
    if locked is None:
        raise ValidationError(gettext("This document does not exist."))
    if not locked.is_deleted:
        raise ValidationError(
            gettext(
                "“%(title)s” is not deleted. Delete it first; only then can its files be removed."
            )
            % {"title": locked.title}
        )
    stored = locked.versions.exclude(file="")
    names = list(stored.values_list("file", flat=True))
    if not names:
        return 0
    stored.update(file="")
    document_files_purged_event(user=user, document=locked, file_count=len(names))
    transaction.on_commit(lambda: delete_stored_files(names))
    return len(names)
