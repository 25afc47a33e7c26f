"""Fixtures shared by every test. The database is the real PostgreSQL of DATABASE_URL; test data is
written as the migrating role (which row-level security does not restrict) unless a test steps into
`tenant_context` itself."""

import pytest

from apps.users.models import Role
from tests.organizations.factories import TenantFactory
from tests.users.factories import DEFAULT_PASSWORD, UserFactory


@pytest.fixture
def password():
    return DEFAULT_PASSWORD


@pytest.fixture
def tenant(db):
    return TenantFactory(name="Factory Pulse Vietnam Co., Ltd.")


@pytest.fixture
def other_tenant(db):
    return TenantFactory(name="Other Factory Ltd.")


@pytest.fixture
def admin_user(tenant):
    return UserFactory(organization=tenant, role=Role.ADMIN, email="admin@a.example.com")


@pytest.fixture
def sales_user(tenant):
    return UserFactory(organization=tenant, role=Role.SALES, email="sales@a.example.com")


@pytest.fixture
def other_admin(other_tenant):
    return UserFactory(organization=other_tenant, role=Role.ADMIN, email="admin@b.example.com")
