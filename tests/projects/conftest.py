"""A tenant with the standard workflow, one colleague per role, and a fresh project."""

import pytest

from apps.core.tenancy import tenant_context
from apps.projects.services import project_create
from apps.users.models import Role
from apps.workflow.services import workflow_install_standard
from tests.organizations.factories import CustomerFactory
from tests.users.factories import UserFactory

TEAM_ROLES = (
    Role.SALES,
    Role.ENGINEERING,
    Role.QA,
    Role.MANAGEMENT,
    Role.AUDITOR,
    Role.PROCUREMENT,
    Role.PRODUCTION,
    Role.LOGISTICS,
    Role.FINANCE,
)


@pytest.fixture
def team(tenant):
    workflow_install_standard(organization_id=tenant.pk)
    return {
        role: UserFactory(organization=tenant, role=role, email=f"{role}@team.example")
        for role in TEAM_ROLES
    }


@pytest.fixture
def customer(tenant):
    return CustomerFactory(owner_organization=tenant, name="Toyota Vietnam")


@pytest.fixture
def project(team, tenant, customer):
    with tenant_context(tenant, team[Role.SALES]):
        return project_create(
            user=team[Role.SALES],
            title="Brake caliper fixture",
            customer_organization=customer,
            assigned_to=team[Role.SALES],
        )
