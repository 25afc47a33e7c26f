"""An auditor of the tenant, one of the tenant's customers, and another tenant's customer."""

import pytest

from apps.users.models import Role
from tests.organizations.factories import CustomerFactory
from tests.users.factories import UserFactory


@pytest.fixture
def auditor(tenant):
    return UserFactory(organization=tenant, role=Role.AUDITOR, email="auditor@a.example.com")


@pytest.fixture
def customer(tenant):
    return CustomerFactory(owner_organization=tenant, name="Saigon Precision", country="VN")


@pytest.fixture
def foreign_customer(other_tenant):
    return CustomerFactory(owner_organization=other_tenant, name="Foreign Widgets", country="US")
