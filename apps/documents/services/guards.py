"""Checks every document write begins with: the permission, the row lock, the access rule."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext

from apps.documents.access import document_visible_q
from apps.documents.models import Document
from apps.users.permissions import has_permission


def require(user, permission: str) -> None:
    if not has_permission(user, permission):
        raise PermissionDenied(
            gettext("Your role does not allow this (%(permission)s).") % {"permission": permission}
        )


def lock_document(user, document: Document) -> Document:
    """The document's row, locked until the transaction ends, re-read so that a change made by
    someone else a moment ago (a new version, a deletion) is seen; refused unless the user may
    open it."""
    try:
        locked = (
            Document.objects.select_for_update(of=("self",))
            .filter(document_visible_q(user))
            .get(pk=document.pk, organization_id=user.organization_id)
        )
    except Document.DoesNotExist:
        raise PermissionDenied(gettext("You cannot open this document.")) from None
    if locked.is_deleted:
        raise ValidationError(gettext("This document was deleted a moment ago."))
    return locked
