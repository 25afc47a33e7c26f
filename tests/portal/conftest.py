import pytest

from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory
from tests.portal.factories import portal_account
from tests.projects.factories import ProjectFactory
from tests.workflow.factories import WorkflowStageFactory


@pytest.fixture
def customer(tenant):
    return CustomerFactory(owner_organization=tenant, name="Toyota Vietnam")


@pytest.fixture
def other_customer(tenant):
    return CustomerFactory(owner_organization=tenant, name="Honda Vietnam")


@pytest.fixture
def contact(tenant, customer):
    return ContactFactory(owner_organization=tenant, organization=customer, contact_name="Lan Anh")


@pytest.fixture
def account(contact):
    return portal_account(contact)


@pytest.fixture
def project(tenant, customer, sales_user):
    return ProjectFactory(
        organization=tenant,
        customer_organization=customer,
        title="Seat bracket",
        assigned_to=sales_user,
    )


@pytest.fixture
def other_project(tenant, other_customer):
    return ProjectFactory(
        organization=tenant, customer_organization=other_customer, title="Honda frame"
    )


@pytest.fixture
def stages(tenant):
    return [
        WorkflowStageFactory(organization=tenant, name=f"Stage {n}", stage_order=n)
        for n in range(1, 9)
    ]
