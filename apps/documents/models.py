"""Documents (per project, or the tenant's library), their versions and who accessed them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.activity.models import AppendOnlyTenantModel
from apps.core.models import TenantOwnedModel, choices_check

SHA256_HEX = r"^[0-9a-f]{64}$"


class DocumentCategory(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")
    RFQ = "rfq", _("RFQ")
    DRAWING = "drawing", _("Drawing")
    BOM = "bom", _("Bill of materials")
    CUSTOMER_QUOTE = "customer_quote", _("Customer quote")
    SUPPLIER_QUOTE = "supplier_quote", _("Supplier quote")
    PO = "po", _("Purchase order")
    WORK_INSTRUCTION = "work_instruction", _("Work instruction")
    QA_REPORT = "qa_report", _("QA report")
    TEST_RESULT = "test_result", _("Test result")
    SHIPPING_DOC = "shipping_doc", _("Shipping document")
    INVOICE = "invoice", _("Invoice")
    CERTIFICATE = "certificate", _("Certificate")
    OTHER = "other", _("Other")


class AccessLevel(models.TextChoices):
    ORGANIZATION = "organization", _("Everyone in the factory")
    PROJECT = "project", _("People on the project")
    RESTRICTED = "restricted", _("Named people only")
    CUSTOMER = "customer", _("Shared with the customer")


class DocumentAccessAction(models.TextChoices):
    VIEW = "view", _("Viewed")
    DOWNLOAD = "download", _("Downloaded")
    UPLOAD = "upload", _("Uploaded")
    DELETE = "delete", _("Deleted")


class Document(TenantOwnedModel):
    """A document and the facts of its current version (denormalized for lists).

    Deletion is soft (`is_deleted`, `deleted_at`): versions and the access log stay. Who may see a
    `restricted` document is `restricted_user_ids` (an array, not a join table, so every row
    carries the tenant column).
    """

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        help_text=_("Empty for the factory's library (certificates, standard work instructions)."),
    )
    title = models.CharField(max_length=255)
    description = models.TextField(blank=True, default="")
    file_name = models.CharField(max_length=255)
    category = models.CharField(
        max_length=30, choices=DocumentCategory.choices, default=DocumentCategory.OTHER
    )
    current_version_number = models.PositiveIntegerField(default=1)
    checksum = models.CharField(max_length=64, help_text=_("SHA-256 of the current version"))
    mime_type = models.CharField(max_length=150)
    size_bytes = models.PositiveBigIntegerField()
    access_level = models.CharField(
        max_length=20, choices=AccessLevel.choices, default=AccessLevel.ORGANIZATION
    )
    restricted_user_ids = ArrayField(models.UUIDField(), default=list, blank=True)
    tags = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="uploaded_documents"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_documents",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    is_deleted = models.BooleanField(default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "documents"
        ordering = ["-created_at"]
        constraints = [
            choices_check("category", DocumentCategory, "documents"),
            choices_check("access_level", AccessLevel, "documents"),
            models.CheckConstraint(
                condition=Q(current_version_number__gte=1),
                name="documents_current_version_number_positive",
            ),
            models.CheckConstraint(condition=Q(size_bytes__gt=0), name="documents_size_positive"),
            models.CheckConstraint(
                condition=Q(checksum__regex=SHA256_HEX), name="documents_checksum_sha256_hex"
            ),
            # "People on the project" means nothing for a library document.
            models.CheckConstraint(
                condition=~Q(access_level=AccessLevel.PROJECT) | Q(project__isnull=False),
                name="documents_project_access_needs_project",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True, approved_at__isnull=True)
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="documents_approval_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=Q(is_deleted=False, deleted_at__isnull=True)
                | Q(is_deleted=True, deleted_at__isnull=False),
                name="documents_deleted_has_deleted_at",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "project"], name="documents_org_project_idx"),
            models.Index(fields=["organization", "category"], name="documents_org_category_idx"),
            # The documents page: newest first within the tenant.
            models.Index(fields=["organization", "-created_at"], name="documents_org_created_idx"),
        ]

    def __str__(self) -> str:
        return self.title


def document_storage_name(*, organization_id, document_id) -> str:
    """Where a file of a document is stored: under its tenant and document, with a random name.

    The user's file name never reaches the storage (it is data, kept in `file_name`): no path
    tricks, no collisions, nothing to guess.
    """
    return f"tenants/{organization_id}/documents/{document_id}/{uuid.uuid4().hex}"


def document_version_path(instance: DocumentVersion, filename: str) -> str:
    return document_storage_name(
        organization_id=instance.organization_id, document_id=instance.document_id
    )


class DocumentVersion(TenantOwnedModel):
    """One uploaded file of a document. Exactly one version per document is current."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    version_number = models.PositiveIntegerField()
    file = models.FileField(upload_to=document_version_path, max_length=500)
    file_name = models.CharField(max_length=255)
    file_size = models.PositiveBigIntegerField()
    mime_type = models.CharField(max_length=150)
    checksum_sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, db_default=models.functions.Now())
    change_summary = models.TextField(blank=True, default="")
    is_current = models.BooleanField(default=True)

    class Meta:
        db_table = "document_versions"
        ordering = ["-version_number"]
        constraints = [
            # The tenant column last in both keys: Citus enforces only keys that contain it.
            models.UniqueConstraint(
                fields=["document", "version_number", "organization"],
                name="document_versions_document_version_unique",
            ),
            models.UniqueConstraint(
                fields=["document", "organization"],
                condition=Q(is_current=True),
                name="document_versions_one_current_per_document",
            ),
            models.CheckConstraint(
                condition=Q(version_number__gte=1), name="document_versions_version_positive"
            ),
            models.CheckConstraint(
                condition=Q(file_size__gt=0), name="document_versions_file_size_positive"
            ),
            models.CheckConstraint(
                condition=Q(checksum_sha256__regex=SHA256_HEX),
                name="document_versions_checksum_sha256_hex",
            ),
        ]
        indexes = [
            # "This exact file is already here": duplicates are found by checksum in the tenant.
            models.Index(
                fields=["organization", "checksum_sha256"], name="document_versions_org_sha_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} v{self.version_number}"


class DocumentAccessLog(AppendOnlyTenantModel):
    """Every view, download, upload and deletion of a document. Append-only."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="access_log")
    document_version = models.ForeignKey(
        DocumentVersion, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=DocumentAccessAction.choices)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.TextField(blank=True, default="")

    class Meta:
        db_table = "document_access_log"
        ordering = ["-created_at"]
        constraints = [
            choices_check("action", DocumentAccessAction, "document_access_log"),
        ]
        indexes = [
            models.Index(
                fields=["organization", "document", "created_at"], name="doc_access_org_doc_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.action}"
