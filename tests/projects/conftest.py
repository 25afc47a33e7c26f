"""A tenant with the standard workflow, one colleague per role, and a fresh project; another
tenant's project."""

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


@pytest.fixture
def sales(team):
    return team[Role.SALES]


@pytest.fixture
def auditor(team):
    return team[Role.AUDITOR]


@pytest.fixture
def foreign_project(other_tenant, other_admin):
    workflow_install_standard(organization_id=other_tenant.pk)
    customer = CustomerFactory(owner_organization=other_tenant, name="Foreign Widgets")
    with tenant_context(other_tenant, other_admin):
        return project_create(
            user=other_admin, title="Secret foreign job", customer_organization=customer
        )
