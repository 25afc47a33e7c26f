"""Files attached to an approval (a signed quote, a test report) for its approvers to look at."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext, ngettext

from apps.approvals import rules
from apps.approvals.models import ApprovalAction, ApprovalAttachment
from apps.approvals.services.guards import approval_lock, refuse_unless
from apps.approvals.services.history import history_record
from apps.core.files import check_upload

MAX_ATTACHMENTS = 20
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def attachment_max_bytes() -> int:
    """An approval attachment's size limit: its own, smaller than a document's by default (a
    signed quote or a test report, not a CAD model)."""
    return getattr(settings, "APPROVAL_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


@transaction.atomic
def approval_attachment_add(*, user, approval_id, upload) -> ApprovalAttachment:
    """Store `upload` in Django's storage under the tenant with a random name, and record it.

    The file is checked as documents are (`apps.core.files.check_upload`: type by content, no
    programs, macros or archives), with the attachments' own size limit. It is written before the
    row; if anything after that fails, the file is removed again so no orphan stays in storage.
    """
    approval = approval_lock(user=user, approval_id=approval_id)
    refuse_unless(
        rules.may_attach(user, approval),
        gettext("Only the requester and the approvers can attach files to an open approval."),
    )
    if approval.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "file": ngettext(
                    "An approval can have at most %(count)d file.",
                    "An approval can have at most %(count)d files.",
                    MAX_ATTACHMENTS,
                )
                % {"count": MAX_ATTACHMENTS}
            }
        )
    if upload is None:
        raise ValidationError({"file": gettext("Choose a file to attach.")})
    checked = check_upload(upload, max_bytes=attachment_max_bytes())
    attachment = ApprovalAttachment(
        organization_id=approval.organization_id,
        approval=approval,
        file_name=checked.name,
        mime_type=checked.mime_type,
        size_bytes=checked.size,
        checksum_sha256=checked.sha256,
        uploaded_by=user,
    )
    attachment.file.save(checked.name, upload, save=False)
    try:
        attachment.full_clean()
        attachment.save(force_insert=True)
        history_record(
            approval,
            user=user,
            action=ApprovalAction.COMMENT,
            old_status=None,
            comments=f"Attached {checked.name}",
            attachment=str(attachment.pk),
        )
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment
