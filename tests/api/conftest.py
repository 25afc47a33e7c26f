"""A tenant's world for the API tests: the standard workflow, an admin and a sales person, a
customer with a contact, a project, a stored document, an approval and a notification — and a
way to call the API with a personal access token, as an integrator does."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.api.tokens import api_token_create
from apps.contacts.services import contact_create
from apps.core.tenancy import tenant_context
from apps.demo.sample_data.files import pdf_bytes
from apps.documents.services import document_upload
from apps.projects.models import Project
from apps.projects.services import project_create
from apps.users.models import Role
from apps.workflow.services import workflow_install_standard
from tests.approvals.factories import ApprovalFactory
from tests.notifications.factories import NotificationFactory
from tests.organizations.factories import CustomerFactory, TenantFactory
from tests.users.factories import UserFactory


@dataclass
class World:
    tenant: object
    admin: object
    sales: object
    customer: object
    contact: object
    project: Project
    document: object
    approval: object
    notification: object

    @property
    def progress(self):
        return self.project.sub_stage_progress.order_by("due_at", "id").first()


def issue_token(user, scope: str = "write", days: int = 30) -> str:
    with tenant_context(user.organization_id, user):
        _token, secret = api_token_create(
            user=user, name=f"{scope} token", scope=scope, expires_in_days=days
        )
    return secret


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def build_world(tenant, label: str) -> World:
    workflow_install_standard(organization_id=tenant.pk)
    admin = UserFactory(organization=tenant, role=Role.ADMIN, email=f"admin@{label}.example")
    sales = UserFactory(organization=tenant, role=Role.SALES, email=f"sales@{label}.example")
    customer = CustomerFactory(owner_organization=tenant, name=f"Toyota {label}")
    with tenant_context(tenant, admin):
        contact = contact_create(user=admin, organization=customer, contact_name="Nguyen Van A")
        project = project_create(
            user=admin,
            title="Brake caliper fixture",
            customer_organization=customer,
            point_of_contact=contact,
            assigned_to=admin,
        )
        document = document_upload(
            user=admin,
            uploaded_file=SimpleUploadedFile(
                "caliper.pdf", pdf_bytes("Caliper", [label]), content_type="application/pdf"
            ),
            category="drawing",
            access_level="project",
            project=project,
        )
    approval = ApprovalFactory(project=project, tenant=tenant)
    notification = NotificationFactory(user=admin, tenant=tenant)
    return World(tenant, admin, sales, customer, contact, project, document, approval, notification)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """Rate-limit counters live in Redis across tests; each test starts with none."""
    cache.clear()


@pytest.fixture
def world(tenant) -> World:
    return build_world(tenant, "a")


@pytest.fixture
def other_world(db) -> World:
    return build_world(TenantFactory(name="Other Factory Ltd."), "b")
