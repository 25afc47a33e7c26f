"""team_member_update_role_status: role and status changes, and the last active admin rule."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from apps.core.tenancy import tenant_context
from apps.users.models import Role, User, UserStatus
from apps.users.services import team_member_update_role_status
from tests.users.factories import UserFactory


def update(actor, member, role, status):
    with tenant_context(actor.organization_id, actor.pk):
        return team_member_update_role_status(user=actor, member=member, role=role, status=status)


@pytest.mark.django_db
def test_admin_changes_a_members_role_and_status(admin_user, sales_user):
    update(admin_user, sales_user, Role.ENGINEERING, UserStatus.SUSPENDED)

    sales_user.refresh_from_db()
    assert (sales_user.role, sales_user.status) == (Role.ENGINEERING, UserStatus.SUSPENDED)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.SALES, UserStatus.ACTIVE), (Role.ADMIN, UserStatus.SUSPENDED)],
)
def test_the_last_active_admin_cannot_demote_or_suspend_themself(admin_user, role, status):
    with pytest.raises(ValidationError, match="last active admin") as refused:
        update(admin_user, admin_user, role, status)

    admin_user.refresh_from_db()
    assert refused.value.code == "last_admin"
    assert (admin_user.role, admin_user.status) == (Role.ADMIN, UserStatus.ACTIVE)


@pytest.mark.django_db
def test_an_admin_may_step_down_when_another_active_admin_exists(admin_user, tenant):
    UserFactory(organization=tenant, role=Role.ADMIN)

    update(admin_user, admin_user, Role.MANAGEMENT, UserStatus.ACTIVE)

    admin_user.refresh_from_db()
    assert admin_user.role == Role.MANAGEMENT


@pytest.mark.django_db
def test_a_suspended_admin_does_not_count_as_another_admin(admin_user, tenant):
    UserFactory(organization=tenant, role=Role.ADMIN, status=UserStatus.SUSPENDED)

    with pytest.raises(ValidationError, match="last active admin"):
        update(admin_user, admin_user, Role.SALES, UserStatus.ACTIVE)


@pytest.mark.django_db
def test_an_admin_of_another_tenant_does_not_count(admin_user, other_admin):
    with pytest.raises(ValidationError, match="last active admin"):
        update(admin_user, admin_user, Role.SALES, UserStatus.ACTIVE)


@pytest.mark.django_db
def test_nobody_else_can_remove_the_last_active_admin_either(admin_user, tenant):
    manager = UserFactory(organization=tenant, role=Role.MANAGEMENT, extra_permissions=["team.*"])

    with pytest.raises(ValidationError, match="is the last active admin"):
        update(manager, admin_user, Role.SALES, UserStatus.ACTIVE)


@pytest.mark.django_db
def test_unknown_role_or_status_is_refused_per_field(admin_user, sales_user):
    with pytest.raises(ValidationError) as refused:
        update(admin_user, sales_user, "overlord", "vacation")

    assert set(refused.value.message_dict) == {"role", "status"}
    sales_user.refresh_from_db()
    assert sales_user.role == Role.SALES


@pytest.mark.django_db
def test_another_tenants_user_is_refused(admin_user, other_admin):
    with pytest.raises(PermissionDenied):
        update(admin_user, other_admin, Role.SALES, UserStatus.SUSPENDED)


@pytest.mark.django_db(transaction=True)
def test_two_admins_demoting_each_other_at_once_leave_one_admin(admin_user, tenant):
    """Admin A demotes B and has not committed; B's demotion of A waits on the tenant lock, then
    sees that A would be the last active admin and is refused."""
    second_admin = UserFactory(organization=tenant, role=Role.ADMIN, email="admin2@a.example.com")
    a_done = threading.Event()
    release_a = threading.Event()
    outcome = {}

    def admin_a():
        try:
            with tenant_context(tenant, admin_user):
                team_member_update_role_status(
                    user=admin_user, member=second_admin, role=Role.SALES, status="active"
                )
                a_done.set()
                release_a.wait(timeout=10)
        finally:
            connection.close()

    def admin_b():
        try:
            a_done.wait(timeout=10)
            with tenant_context(tenant, second_admin):
                team_member_update_role_status(
                    user=second_admin, member=admin_user, role=Role.SALES, status="active"
                )
            outcome["b"] = "ok"
        except ValidationError as error:
            outcome["b"] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=admin_a), threading.Thread(target=admin_b)]
    for thread in threads:
        thread.start()
    a_done.wait(timeout=10)
    threads[1].join(timeout=1)
    b_was_waiting = threads[1].is_alive()
    release_a.set()
    for thread in threads:
        thread.join(timeout=10)
    connections.close_all()

    assert b_was_waiting
    assert outcome["b"] == "last_admin"
    admins = User.objects.filter(organization=tenant, role=Role.ADMIN, status=UserStatus.ACTIVE)
    assert list(admins.values_list("pk", flat=True)) == [admin_user.pk]
