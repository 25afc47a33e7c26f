"""New inquiries from the portal.

The contact submits a request for quote with files: the portal role writes one `portal_inquiries`
row (its files checked like every upload and stored at once), and nothing else. After commit a
task, as the app role, makes the project (`intake_source = portal`, the contact's company as
customer, the contact as point of contact, created by the contact's account), turns the files into
documents shared with the customer, and tells sales and management.
"""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.files import check_upload, delete_stored_files
from apps.documents.events import document_uploaded_event
from apps.documents.models import AccessLevel, Document, DocumentCategory, DocumentVersion
from apps.notifications.models import NotificationType
from apps.notifications.services import notification_notify
from apps.portal.models import PortalInquiry
from apps.projects.models import IntakeSource, IntakeType
from apps.projects.services import project_create
from apps.users.models import Role, User
from apps.users.selectors import users_with_roles

INQUIRY_FILES_MAX = 5
# Who hears of a new inquiry from the portal.
INQUIRY_ROLES = (Role.SALES, Role.MANAGEMENT)


@transaction.atomic
def portal_inquiry_submit(
    *,
    user,
    title: str,
    description: str = "",
    requested_delivery_date: datetime.date | None = None,
    files=(),
) -> PortalInquiry:
    if not getattr(user, "is_customer", False):
        raise ValidationError(_("Only a customer's portal account may do this."))
    files = list(files)
    if len(files) > INQUIRY_FILES_MAX:
        raise ValidationError(
            {"files": _("Send at most %(max)s files at once.") % {"max": INQUIRY_FILES_MAX}}
        )
    checked = [(check_upload(upload), upload) for upload in files]
    inquiry = PortalInquiry(
        organization_id=user.organization_id,
        customer_organization_id=user.customer_organization_id,
        submitted_by=user,
        title=(title or "").strip(),
        description=(description or "").strip(),
        requested_delivery_date=requested_delivery_date,
    )
    inquiry.full_clean(exclude=["files"])
    stored: list[str] = []
    try:
        for file, upload in checked:
            name = default_storage.save(
                f"tenants/{user.organization_id}/inquiries/{inquiry.pk}/{uuid.uuid4().hex}", upload
            )
            stored.append(name)
            inquiry.files.append(
                {
                    "name": file.name,
                    "stored": name,
                    "size": file.size,
                    "mime_type": file.mime_type,
                    "sha256": file.sha256,
                }
            )
        inquiry.save(force_insert=True)
    except BaseException:
        delete_stored_files(stored)
        raise
    from apps.portal.tasks import portal_inquiry_make_project

    transaction.on_commit(
        lambda: portal_inquiry_make_project.delay(
            organization_id=str(inquiry.organization_id),
            user_id=str(user.pk),
            inquiry_id=str(inquiry.pk),
        )
    )
    return inquiry


@transaction.atomic
def portal_inquiry_make_project(*, inquiry_id) -> PortalInquiry | None:
    """The project of an inquiry (once: an inquiry with a project is left alone)."""
    inquiry = PortalInquiry.objects.select_for_update().filter(pk=inquiry_id).first()
    if inquiry is None or inquiry.project_id is not None:
        return inquiry
    account = User.accounts.select_related("contact").get(pk=inquiry.submitted_by_id)
    project = project_create(
        user=account,
        title=inquiry.title,
        description=inquiry.description,
        customer_organization=inquiry.customer_organization,
        point_of_contact=account.contact,
        intake_type=IntakeType.RFQ,
        intake_source=IntakeSource.PORTAL,
        requested_delivery_date=inquiry.requested_delivery_date,
    )
    for entry in inquiry.files:
        _document_from_file(account, project, entry)
    inquiry.project = project
    inquiry.save(update_fields=["project", "updated_at"])
    notification_notify(
        organization_id=project.organization_id,
        recipients=users_with_roles(organization_id=project.organization_id, roles=INQUIRY_ROLES),
        type=NotificationType.WORKFLOW,
        title=f"{project.project_id}: new inquiry from {account.name}"[:255],
        message=inquiry.title,
        action_url=reverse("projects:detail", kwargs={"pk": project.pk}),
    )
    return inquiry


def _document_from_file(account, project, entry: dict) -> Document:
    document = Document(
        organization_id=project.organization_id,
        project=project,
        title=entry["name"].rsplit(".", 1)[0][:255] or entry["name"],
        file_name=entry["name"],
        category=DocumentCategory.RFQ,
        checksum=entry["sha256"],
        mime_type=entry["mime_type"],
        size_bytes=entry["size"],
        access_level=AccessLevel.CUSTOMER,
        uploaded_by=account,
    )
    document.full_clean()
    document.save(force_insert=True)
    version = DocumentVersion(
        organization_id=project.organization_id,
        document=document,
        version_number=1,
        file_name=entry["name"],
        file_size=entry["size"],
        mime_type=entry["mime_type"],
        checksum_sha256=entry["sha256"],
        uploaded_by=account,
        change_summary="Sent with the inquiry from the customer portal",
    )
    with default_storage.open(entry["stored"], "rb") as handle:
        version.file.save("upload", File(handle), save=False)
    version.save(force_insert=True)
    document_uploaded_event(user=account, document=document)
    transaction.on_commit(lambda: delete_stored_files([entry["stored"]]))
    return document
