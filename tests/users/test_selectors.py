"""Reads of users that other apps rely on."""

import pytest

from apps.core.tenancy import tenant_context
from apps.users.selectors import users_with_roles
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_users_with_roles_lists_active_people_of_the_tenant_only(tenant, other_tenant):
    qa = UserFactory(organization=tenant, role="qa")
    UserFactory(organization=tenant, role="qa", status="suspended")
    UserFactory(organization=other_tenant, role="qa")
    UserFactory(organization=tenant, role="sales")

    with tenant_context(tenant):
        found = users_with_roles(organization_id=tenant.pk, roles=["qa"])

    assert [user.pk for user in found] == [qa.pk]
