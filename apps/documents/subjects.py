"""Documents as subjects of approvals (registered by `DocumentsConfig.ready()`): a document's
approval belongs to the document's project, if it has one, and changes nothing when decided."""

from __future__ import annotations

from apps.approvals.models import ApprovalEntityType
from apps.approvals.subjects import SubjectType, subject_type_register
from apps.documents.models import Document


def _its_project(document: Document):
    """The document's project; None for the factory's library."""
    return document.project


DOCUMENT_SUBJECT = SubjectType(
    entity_type=ApprovalEntityType.DOCUMENT, model=Document, project_of=_its_project
)


def approval_subjects_register() -> None:
    subject_type_register(DOCUMENT_SUBJECT)
