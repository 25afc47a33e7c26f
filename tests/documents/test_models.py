"""The database itself keeps documents coherent: one current version, unique version numbers,
known categories and access levels, soft deletion, and an append-only access log."""

import pytest
from django.utils import timezone

from apps.core.tenancy import tenant_context
from apps.documents.models import AccessLevel, Document, DocumentVersion
from tests.dbchecks import execute, permission_denied, refused_by
from tests.documents.factories import (
    DocumentAccessLogFactory,
    DocumentFactory,
    DocumentVersionFactory,
)

pytestmark = pytest.mark.django_db


def test_exactly_one_current_version_per_document(tenant):
    first = DocumentVersionFactory(organization=tenant, version_number=1, is_current=True)
    document = first.document

    with refused_by("document_versions_one_current_per_document"):
        DocumentVersionFactory(document=document, version_number=2, is_current=True)

    # Replacing the current version: the old one stops being current first.
    DocumentVersion.objects.filter(pk=first.pk).update(is_current=False)
    DocumentVersionFactory(document=document, version_number=2, is_current=True)
    assert list(document.versions.filter(is_current=True).values_list("version_number")) == [(2,)]


def test_version_numbers_are_unique_per_document(tenant):
    first = DocumentVersionFactory(organization=tenant, version_number=1)

    with refused_by("document_versions_document_version_unique"):
        DocumentVersionFactory(document=first.document, version_number=1, is_current=False)
    DocumentVersionFactory(organization=tenant, version_number=1)  # another document


def test_version_files_have_a_size_and_a_sha256(tenant):
    with refused_by("document_versions_file_size_positive"):
        DocumentVersionFactory(organization=tenant, file_size=0)
    with refused_by("document_versions_checksum_sha256_hex"):
        DocumentVersionFactory(organization=tenant, checksum_sha256="ABC")


@pytest.mark.parametrize("field", ["category", "access_level"])
def test_choice_columns_refuse_unknown_values(tenant, field):
    with refused_by(f"documents_{field}_valid"):
        DocumentFactory(organization=tenant, **{field: "bogus"})


def test_project_access_needs_a_project(tenant):
    with refused_by("documents_project_access_needs_project"):
        DocumentFactory(project=None, organization=tenant, access_level=AccessLevel.PROJECT)
    library = DocumentFactory(
        project=None, organization=tenant, access_level=AccessLevel.ORGANIZATION
    )
    assert library.project is None


def test_soft_deletion_records_when(tenant):
    with refused_by("documents_deleted_has_deleted_at"):
        DocumentFactory(organization=tenant, is_deleted=True)
    document = DocumentFactory(organization=tenant)
    Document.objects.filter(pk=document.pk).update(is_deleted=True, deleted_at=timezone.now())


def test_versions_and_access_log_stay_in_the_documents_tenant(tenant, other_tenant):
    foreign_document = DocumentFactory(organization=other_tenant)
    version = DocumentVersionFactory(organization=tenant)
    another_document = DocumentFactory(organization=tenant)

    with refused_by("document_versions_document_same_tenant_fk"):
        DocumentVersionFactory(
            organization=tenant, document=foreign_document, uploaded_by=version.uploaded_by
        )
    with refused_by("document_access_log_version_of_document_fk"):
        DocumentAccessLogFactory(document=another_document, document_version=version)


def test_access_log_action_is_checked(tenant):
    with refused_by("document_access_log_action_valid"):
        DocumentAccessLogFactory(organization=tenant, action="print")


def test_access_log_is_append_only_for_the_app_role(tenant):
    entry = DocumentAccessLogFactory(organization=tenant)

    with tenant_context(tenant):
        DocumentAccessLogFactory(document=entry.document, action="download")
        with permission_denied():
            execute("UPDATE document_access_log SET action = 'view' WHERE id = %s", [entry.pk])
        with permission_denied():
            execute("DELETE FROM document_access_log WHERE id = %s", [entry.pk])
