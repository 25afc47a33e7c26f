"""/api/v1/documents: metadata, download (logged, as on the page), and a new version through the
documents services with the same content checks as the upload page."""

import datetime
import uuid

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from apps.api.endpoints.common import ERRORS, NewestFirst, responses
from apps.api.endpoints.types import text
from apps.api.errors import ErrorOut
from apps.documents import selectors, services
from apps.documents.downloads import stored_file_response
from apps.documents.models import DocumentAccessAction
from apps.documents.services.access_log import ClientInfo
from apps.users.permissions import permission_require

router = Router(tags=["documents"])


class VersionOut(Schema):
    version_number: int
    file_name: str
    file_size: int
    mime_type: str
    uploaded_by_id: uuid.UUID | None
    uploaded_at: datetime.datetime
    change_summary: str
    is_current: bool


class DocumentOut(Schema):
    id: uuid.UUID
    project_id: uuid.UUID | None
    title: str
    description: str
    file_name: str
    category: str
    current_version_number: int
    checksum: str
    mime_type: str
    size_bytes: int
    access_level: str
    uploaded_by_id: uuid.UUID | None
    created_at: datetime.datetime
    updated_at: datetime.datetime


class DocumentDetailOut(DocumentOut):
    versions: list[VersionOut]


class NewVersionIn(Schema):
    change_summary: text(1000)


def _detail(user, pk) -> dict:
    document = selectors.document_get_for_user(user, pk)
    data = DocumentOut.from_orm(document).model_dump()
    data["versions"] = [
        VersionOut.from_orm(version).model_dump()
        for version in selectors.document_versions(document)
    ]
    return data


@router.get("/", response=responses(200, list[DocumentOut]))
@paginate(NewestFirst)
def document_list(request: HttpRequest):
    """The documents the caller may open (access levels apply, as on the documents page)."""
    permission_require(request.user, "documents.view")
    return selectors.document_list(request.user)


@router.get("/{document_id}", response=responses(200, DocumentDetailOut))
def document_detail(request: HttpRequest, document_id: uuid.UUID):
    permission_require(request.user, "documents.view")
    return _detail(request.user, document_id)


@router.get(
    "/{document_id}/download",
    response={410: ErrorOut, **ERRORS},
    openapi_extra={
        "responses": {
            200: {
                "description": "The file of the current version, as an attachment, with the "
                "type the upload's content check decided.",
                "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def document_download(request: HttpRequest, document_id: uuid.UUID):
    permission_require(request.user, "documents.view")
    document = selectors.document_get_for_user(request.user, document_id)
    version = selectors.document_version_get(document, None)
    response = stored_file_response(request, version)
    if response.status_code != 200:
        return Status(
            410, {"detail": _("The stored file of this document is no longer available.")}
        )
    services.document_access_record(
        user=request.user,
        document=document,
        version=version,
        action=DocumentAccessAction.DOWNLOAD,
        client=ClientInfo.from_request(request),
    )
    return response


@router.post("/{document_id}/versions", response=responses(201, DocumentDetailOut))
def document_new_version(
    request: HttpRequest,
    document_id: uuid.UUID,
    payload: Form[NewVersionIn],
    file: File[UploadedFile],
):
    """Upload a new version (multipart: `file` and `change_summary`)."""
    permission_require(request.user, "documents.upload")
    document = selectors.document_get_for_user(request.user, document_id)
    services.document_add_version(
        user=request.user,
        document=document,
        uploaded_file=file,
        change_summary=payload.change_summary,
        client=ClientInfo.from_request(request),
    )
    return Status(201, _detail(request.user, document.pk))
