"""Uploading a document, and new versions of it.

A file is checked (name, size, type by content; see `apps.core.files`) and its SHA-256 computed
before any lock is taken. The same content is never stored twice in one place: a new version
identical to an earlier one, or a new document identical to one already in the project (or the
library), is refused with a message naming it. The stored file's name comes from
`document_storage_name` (tenant, document, random part), never from the user.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy

from apps.core.files import CheckedFile, check_upload, delete_stored_files
from apps.core.i18n import for_reader
from apps.documents.access import can_open_annotation, document_visible_q
from apps.documents.events import document_uploaded_event, document_version_added_event
from apps.documents.models import (
    AccessLevel,
    Document,
    DocumentAccessAction,
    DocumentVersion,
)
from apps.documents.services.access_log import ClientInfo, document_access_record
from apps.documents.services.guards import lock_document, require
from apps.notifications.models import NotificationType
from apps.notifications.services import notification_notify
from apps.users.models import User, UserStatus

TAGS_MAX = 20
TAG_MAX_LENGTH = 50
SUMMARY_MAX = 2000
FIRST_VERSION_SUMMARY = "First version"


def clean_tags(tags: Iterable[str] | str) -> list[str]:
    """Tags as stored: lower case, trimmed, each once, in the order given. A string is split on
    commas (what the form sends)."""
    if isinstance(tags, str):
        tags = tags.split(",")
    cleaned: list[str] = []
    for tag in tags:
        tag = " ".join(tag.split()).lower()
        if not tag or tag in cleaned:
            continue
        if len(tag) > TAG_MAX_LENGTH:
            raise ValidationError(
                {"tags": f"Keep each tag under {TAG_MAX_LENGTH} characters (“{tag[:20]}…”)."}
            )
        cleaned.append(tag)
    if len(cleaned) > TAGS_MAX:
        raise ValidationError({"tags": f"Use at most {TAGS_MAX} tags."})
    return cleaned


def _restricted_people(user, access_level: str, user_ids: Iterable) -> list[uuid.UUID]:
    """The named people of a restricted document: active users of the uploader's factory."""
    if access_level != AccessLevel.RESTRICTED:
        return []
    ids = list(dict.fromkeys(uuid.UUID(str(user_id)) for user_id in user_ids))
    if not ids:
        raise ValidationError(
            {"restricted_users": "Name at least one person who may open this document."}
        )
    found = set(
        User.objects.filter(
            organization_id=user.organization_id, pk__in=ids, status=UserStatus.ACTIVE
        ).values_list("pk", flat=True)
    )
    if found != set(ids):
        raise ValidationError(
            {"restricted_users": "Some of the named people are not active users of your factory."}
        )
    return ids


def _check_placement(access_level: str, project) -> None:
    if project is not None:
        return
    if access_level == AccessLevel.PROJECT:
        raise ValidationError(
            {
                "access_level": "“People on the project” needs a project. Upload it from the "
                "project, or choose another access level for the library."
            }
        )
    if access_level == AccessLevel.CUSTOMER:
        raise ValidationError(
            {
                "access_level": "“Shared with the customer” needs a project: the customer is the "
                "project's. Upload it from the project."
            }
        )


def _lock_content(*, organization_id, project, sha256: str) -> None:
    """Serialise uploads of the same content to the same place, so two people dropping the same
    file at once make one document and one clear refusal."""
    place = project.pk if project is not None else "library"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
            [f"document-content:{organization_id}:{place}:{sha256}"],
        )


def _refuse_duplicate_document(user, *, project, sha256: str) -> None:
    same = Document.objects.filter(
        organization_id=user.organization_id,
        is_deleted=False,
        versions__checksum_sha256=sha256,
    )
    same = same.filter(project=project) if project is not None else same.filter(project=None)
    match = (
        same.annotate(can_open=can_open_annotation(user))
        .values("title", "can_open", "versions__version_number")
        .first()
    )
    if match is None:
        return
    where = "this project" if project is not None else "the library"
    if match["can_open"]:
        message = (
            f"This exact file is already in {where} as “{match['title']}” (version "
            f"{match['versions__version_number']}). Nothing was uploaded."
        )
    else:
        message = (
            f"This exact file is already in {where}, in a document you cannot open. Nothing "
            "was uploaded."
        )
    raise ValidationError({"file": message}, code="duplicate")


def _store(version: DocumentVersion, uploaded_file) -> str:
    version.file.save("upload", uploaded_file, save=False)
    return version.file.name


def _new_version(user, document: Document, checked: CheckedFile, number: int, summary: str):
    version = DocumentVersion(
        organization_id=document.organization_id,
        document=document,
        version_number=number,
        file_name=checked.name,
        file_size=checked.size,
        mime_type=checked.mime_type,
        checksum_sha256=checked.sha256,
        uploaded_by=user,
        change_summary=summary,
        is_current=True,
    )
    version.full_clean(exclude=["file"])  # the file is stored once everything else is valid
    return version


def _notify_assignee(user, document: Document, title: str) -> None:
    """Tell the project's assignee, if they may open the document (never the uploader)."""
    project = document.project
    if project is None or project.assigned_to_id in (None, user.pk):
        return
    assignee = project.assigned_to
    if not Document.objects.filter(pk=document.pk).filter(document_visible_q(assignee)).exists():
        return
    notification_notify(
        organization_id=document.organization_id,
        recipients=[assignee],
        exclude=user,
        type=NotificationType.DOCUMENT,
        title=f"{project.project_id}: {title}"[:255],
        message=for_reader(
            gettext_lazy("%(name)s uploaded “%(document)s” (%(file)s)."),
            name=user.name,
            document=document.title,
            file=document.file_name,
        ),
        action_url=reverse("documents:detail", kwargs={"pk": document.pk}),
    )


@transaction.atomic
def document_upload(
    *,
    user,
    uploaded_file,
    category: str,
    access_level: str,
    title: str = "",
    tags: Iterable[str] | str = (),
    description: str = "",
    restricted_user_ids: Iterable = (),
    project=None,
    client: ClientInfo | None = None,
) -> Document:
    """A new document with its first version, in a project or (project=None) in the library."""
    require(user, "documents.upload")
    if project is not None and project.organization_id != user.organization_id:
        raise ValidationError("That project is not one of your factory's.")
    checked = check_upload(uploaded_file)
    _check_placement(access_level, project)
    document = Document(
        organization_id=user.organization_id,
        project=project,
        title=(title or "").strip() or PurePosixPath(checked.name).stem,
        description=(description or "").strip(),
        file_name=checked.name,
        category=category,
        current_version_number=1,
        checksum=checked.sha256,
        mime_type=checked.mime_type,
        size_bytes=checked.size,
        access_level=access_level,
        restricted_user_ids=_restricted_people(user, access_level, restricted_user_ids),
        tags=clean_tags(tags),
        uploaded_by=user,
    )
    document.full_clean()
    _lock_content(organization_id=user.organization_id, project=project, sha256=checked.sha256)
    _refuse_duplicate_document(user, project=project, sha256=checked.sha256)
    document.save(force_insert=True)
    version = _new_version(user, document, checked, 1, FIRST_VERSION_SUMMARY)
    stored = _store(version, uploaded_file)
    try:
        version.save(force_insert=True)
        document_access_record(
            user=user,
            document=document,
            version=version,
            action=DocumentAccessAction.UPLOAD,
            client=client,
        )
        document_uploaded_event(user=user, document=document)
        _notify_assignee(user, document, f"new document “{document.title}”")
    except BaseException:
        delete_stored_files([stored])
        raise
    return document


@transaction.atomic
def document_add_version(
    *,
    user,
    document: Document,
    uploaded_file,
    change_summary: str,
    client: ClientInfo | None = None,
) -> DocumentVersion:
    """Upload a new version: the earlier ones stay, this one becomes the one current version.

    The document's row is locked, so two people adding versions at once get consecutive
    numbers (or, with the same file, one version and one refusal).
    """
    require(user, "documents.upload")
    summary = (change_summary or "").strip()
    if not summary:
        raise ValidationError({"change_summary": "Say what changed in this version."})
    if len(summary) > SUMMARY_MAX:
        raise ValidationError(
            {"change_summary": f"Keep the summary under {SUMMARY_MAX} characters."}
        )
    checked = check_upload(uploaded_file)
    locked = lock_document(user, document)
    earlier = locked.versions.filter(checksum_sha256=checked.sha256).first()
    if earlier is not None:
        raise ValidationError(
            {
                "file": f"This file is identical to version {earlier.version_number} "
                f"(“{earlier.file_name}”). Nothing was added."
            },
            code="duplicate",
        )
    number = locked.current_version_number + 1
    locked.versions.filter(is_current=True).update(is_current=False)
    version = _new_version(user, locked, checked, number, summary)
    stored = _store(version, uploaded_file)
    try:
        version.save(force_insert=True)
        previous_version, previous_checksum = locked.current_version_number, locked.checksum
        locked.current_version_number = number
        locked.file_name = checked.name
        locked.checksum = checked.sha256
        locked.mime_type = checked.mime_type
        locked.size_bytes = checked.size
        locked.full_clean()
        locked.save(
            update_fields=[
                "current_version_number",
                "file_name",
                "checksum",
                "mime_type",
                "size_bytes",
                "updated_at",
            ]
        )
        document_access_record(
            user=user,
            document=locked,
            version=version,
            action=DocumentAccessAction.UPLOAD,
            client=client,
        )
        document_version_added_event(
            user=user,
            document=locked,
            previous_version=previous_version,
            previous_checksum=previous_checksum,
            summary=summary,
        )
        _notify_assignee(user, locked, f"version {number} of “{locked.title}”")
    except BaseException:
        delete_stored_files([stored])
        raise
    return version
