import hashlib

import factory

from apps.documents.models import (
    AccessLevel,
    Document,
    DocumentAccessAction,
    DocumentAccessLog,
    DocumentCategory,
    DocumentVersion,
)
from tests.projects.factories import ProjectFactory
from tests.users.factories import UserFactory
from tests.workflow.factories import TenantOwnedFactory

DRAWING_BYTES = b"%PDF-1.7 bracket drawing rev A"
DRAWING_SHA256 = hashlib.sha256(DRAWING_BYTES).hexdigest()


class DocumentFactory(TenantOwnedFactory):
    """A project drawing. For the factory's library pass `project=None, organization=tenant`."""

    class Meta:
        model = Document

    project = factory.SubFactory(ProjectFactory, tenant=factory.SelfAttribute("..tenant"))
    organization = factory.SelfAttribute("project.organization")
    title = factory.Sequence(lambda n: f"Bracket drawing {n}")
    file_name = "bracket-rev-a.pdf"
    category = DocumentCategory.DRAWING
    checksum = DRAWING_SHA256
    mime_type = "application/pdf"
    size_bytes = len(DRAWING_BYTES)
    access_level = AccessLevel.PROJECT
    uploaded_by = factory.SubFactory(
        UserFactory, organization=factory.SelfAttribute("..organization")
    )


class DocumentVersionFactory(TenantOwnedFactory):
    """Points at a stored file name; no file is written. Current unless told otherwise."""

    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(DocumentFactory, tenant=factory.SelfAttribute("..tenant"))
    organization = factory.SelfAttribute("document.organization")
    version_number = 1
    file = factory.LazyAttribute(
        lambda o: f"tenants/{o.organization.id}/documents/{o.document.id}/v{o.version_number}.pdf"
    )
    file_name = factory.SelfAttribute("document.file_name")
    file_size = len(DRAWING_BYTES)
    mime_type = "application/pdf"
    checksum_sha256 = DRAWING_SHA256
    uploaded_by = factory.SelfAttribute("document.uploaded_by")
    is_current = True


class DocumentAccessLogFactory(TenantOwnedFactory):
    class Meta:
        model = DocumentAccessLog

    document = factory.SubFactory(DocumentFactory, tenant=factory.SelfAttribute("..tenant"))
    organization = factory.SelfAttribute("document.organization")
    user = factory.SelfAttribute("document.uploaded_by")
    action = DocumentAccessAction.VIEW
    ip_address = "198.51.100.20"
    user_agent = "Mozilla/5.0"
