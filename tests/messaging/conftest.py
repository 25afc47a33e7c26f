"""Colleagues of the sales user (`sales_user` is in tests/conftest.py) and a project of theirs."""

import pytest

from apps.users.models import Role
from tests.projects.factories import ProjectFactory
from tests.users.factories import UserFactory


@pytest.fixture
def engineer(tenant):
    return UserFactory(organization=tenant, role=Role.ENGINEERING, name="Le Van C")


@pytest.fixture
def auditor(tenant):
    return UserFactory(organization=tenant, role=Role.AUDITOR, name="Audrey Auditor")


@pytest.fixture
def project(tenant, sales_user):
    return ProjectFactory(tenant=tenant, assigned_to=sales_user, title="Brake caliper fixture")
