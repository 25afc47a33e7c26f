import hashlib

import factory

from apps.approvals.models import (
    Approval,
    ApprovalAction,
    ApprovalAttachment,
    ApprovalEntityType,
    ApprovalHistory,
    ApprovalSlaPolicy,
    ApprovalStatus,
    ApprovalType,
)
from apps.users.models import Role
from tests.projects.factories import ProjectFactory
from tests.users.factories import UserFactory
from tests.workflow.factories import TENANT, TenantOwnedFactory

ATTACHMENT_BYTES = b"%PDF-1.7 signed quote"


class ApprovalFactory(TenantOwnedFactory):
    """A pending technical review of a project, waiting for the engineering role."""

    class Meta:
        model = Approval

    project = factory.SubFactory(ProjectFactory, tenant=factory.SelfAttribute("..tenant"))
    organization = factory.SelfAttribute("project.organization")
    approval_type = ApprovalType.TECHNICAL_REVIEW
    title = factory.Sequence(lambda n: f"Technical review {n}")
    entity_type = ApprovalEntityType.PROJECT
    entity_id = factory.SelfAttribute("project.id")
    requested_by = factory.SubFactory(
        UserFactory, organization=factory.SelfAttribute("..organization")
    )
    current_approver_role = Role.ENGINEERING
    status = ApprovalStatus.PENDING


class ApprovalHistoryFactory(TenantOwnedFactory):
    class Meta:
        model = ApprovalHistory

    approval = factory.SubFactory(ApprovalFactory, tenant=factory.SelfAttribute("..tenant"))
    organization = factory.SelfAttribute("approval.organization")
    action = ApprovalAction.REQUEST
    new_status = ApprovalStatus.PENDING
    user = factory.SelfAttribute("approval.requested_by")


class ApprovalAttachmentFactory(TenantOwnedFactory):
    """Points at a stored file name; no file is written."""

    class Meta:
        model = ApprovalAttachment

    approval = factory.SubFactory(ApprovalFactory, tenant=factory.SelfAttribute("..tenant"))
    organization = factory.SelfAttribute("approval.organization")
    file = factory.LazyAttribute(
        lambda o: f"tenants/{o.organization.id}/approvals/{o.approval.id}/signed-quote.pdf"
    )
    file_name = "signed-quote.pdf"
    mime_type = "application/pdf"
    size_bytes = len(ATTACHMENT_BYTES)
    checksum_sha256 = hashlib.sha256(ATTACHMENT_BYTES).hexdigest()
    uploaded_by = factory.SelfAttribute("approval.requested_by")


class ApprovalSlaPolicyFactory(TenantOwnedFactory):
    """Consecutive policies take the next priority, so a tenant can have up to five."""

    class Meta:
        model = ApprovalSlaPolicy

    organization = TENANT
    priority = factory.Iterator(["low", "normal", "high", "urgent", "critical"])
    hours = 12
