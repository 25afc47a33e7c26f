"""The Python `has_permission` and the SQL `has_user_permission` apply one rule and agree."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory

from apps.core.tenancy import tenant_context
from apps.users.models import Role, UserStatus
from apps.users.permissions import permission_require, require_permission
from apps.users.roles import (
    PERMISSIONS,
    ROLE_PERMISSIONS,
    STAFF_ROLES,
    has_permission,
    is_known_pattern,
    permission_matches,
)
from tests.contacts.factories import ContactFactory
from tests.portal.factories import portal_account
from tests.users.factories import UserFactory

EXTRA_GRANTS = [[], ["customers.*"], ["*.delete"], ["workflow.configure"]]


def sql_has_permission(user, permission) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT has_user_permission(%s, %s)", [user.pk, permission])
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("pattern", "permission", "expected"),
    [
        ("*", "projects.create", True),
        ("projects.*", "projects.create", True),
        ("projects.*", "projectsx.create", False),
        ("projects.create", "projects.create", True),
        ("projects.create", "projects.view", False),
        ("*.view", "documents.view", True),
        ("*.view", "documents.preview", False),
        ("*.view", "documents.upload", False),
        ("workflow.*", "workflowx", False),
    ],
)
def test_pattern_rule(pattern, permission, expected, db):
    assert permission_matches(pattern, permission) is expected
    with connection.cursor() as cursor:
        cursor.execute("SELECT permission_matches(%s, %s)", [pattern, permission])
        assert cursor.fetchone()[0] is expected


@pytest.mark.parametrize("extra", EXTRA_GRANTS, ids=lambda extra: ",".join(extra) or "none")
def test_python_and_sql_agree_for_every_role_and_permission(tenant, extra):
    users = [
        UserFactory(organization=tenant, role=role, extra_permissions=extra) for role in STAFF_ROLES
    ]
    # The portal's customer role holds no permission of its own (apps.portal).
    users.append(portal_account(ContactFactory(owner_organization=tenant), extra_permissions=extra))
    probes = [*PERMISSIONS, "unknown.thing"]

    with tenant_context(tenant):
        for user in users:
            for permission in probes:
                assert has_permission(user, permission) == sql_has_permission(user, permission), (
                    user.role,
                    extra,
                    permission,
                )


def test_every_role_has_a_permission_set_and_every_grant_means_something():
    assert set(ROLE_PERMISSIONS) == set(Role.values)
    for patterns in ROLE_PERMISSIONS.values():
        assert all(is_known_pattern(pattern) for pattern in patterns)


def test_admin_has_everything_and_auditor_only_reads(tenant):
    admin = UserFactory(organization=tenant, role=Role.ADMIN)
    auditor = UserFactory(organization=tenant, role=Role.AUDITOR)
    for permission in PERMISSIONS:
        assert has_permission(admin, permission)
        assert has_permission(auditor, permission) is permission.endswith(".view")


def test_inactive_users_and_other_tenants_users_have_no_permission(tenant, other_tenant):
    suspended = UserFactory(organization=tenant, role=Role.ADMIN, status=UserStatus.SUSPENDED)
    stranger = UserFactory(organization=other_tenant, role=Role.ADMIN)

    assert not has_permission(suspended, "projects.view")
    with tenant_context(tenant):
        assert not sql_has_permission(suspended, "projects.view")
        # Under RLS a user of another tenant does not exist here.
        assert not sql_has_permission(stranger, "projects.view")


@pytest.mark.django_db
def test_require_permission_answers_403_or_sends_to_login(tenant):
    from django.contrib.auth.models import AnonymousUser
    from django.core.exceptions import PermissionDenied

    view = require_permission("team.manage")(lambda request: HttpResponse("ok"))
    request = RequestFactory().get("/team/")

    request.user = AnonymousUser()
    assert view(request).status_code == 302

    request.user = UserFactory(organization=tenant, role=Role.SALES)
    with pytest.raises(PermissionDenied):
        view(request)

    request.user = UserFactory(organization=tenant, role=Role.ADMIN)
    assert view(request).status_code == 200


@pytest.mark.django_db
def test_permission_require_names_the_missing_permission(tenant):
    from django.core.exceptions import PermissionDenied

    permission_require(UserFactory(organization=tenant, role=Role.ADMIN), "team.manage")
    with pytest.raises(PermissionDenied, match=r"does not allow this \(team\.manage\)"):
        permission_require(UserFactory(organization=tenant, role=Role.SALES), "team.manage")


def test_get_combined_user_data_answers_for_the_current_tenant_only(tenant, other_tenant):
    manager = UserFactory(organization=tenant, role=Role.MANAGEMENT, name="Nguyen Van A")
    user = UserFactory(organization=tenant, role=Role.SALES, direct_manager=manager)
    stranger = UserFactory(organization=other_tenant)

    with tenant_context(tenant), connection.cursor() as cursor:
        cursor.execute(
            "SELECT email, role, organization_name, direct_manager_name "
            "FROM get_combined_user_data(%s)",
            [user.pk],
        )
        assert cursor.fetchall() == [(user.email, "sales", tenant.name, "Nguyen Van A")]
        cursor.execute("SELECT count(*) FROM get_combined_user_data(%s)", [stranger.pk])
        assert cursor.fetchone() == (0,)
