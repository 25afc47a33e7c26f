"""The Django admin's user page: role and status change only on the team page (which keeps the
last-active-admin rule); extra permission grants must name real permissions."""

import pytest
from django.core.exceptions import ValidationError

from apps.users.models import Role, UserStatus
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def change_url(user) -> str:
    return f"/admin/users/user/{user.pk}/change/"


def user_form(user, **changes) -> dict:
    data = {
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "status": user.status,
        "department": user.department,
        "employee_id": user.employee_id,
        "direct_manager": "",
        "phone": user.phone,
        "avatar": user.avatar,
        "preferences": "{}",
        "extra_permissions": "",
    }
    return {**data, **changes}


def test_the_last_active_admin_cannot_be_demoted_or_suspended_in_the_admin(client, admin_user):
    client.force_login(admin_user)

    response = client.post(
        change_url(admin_user),
        user_form(admin_user, role=Role.SALES, status=UserStatus.SUSPENDED, name="Renamed"),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    admin_user.refresh_from_db()
    assert (admin_user.name, admin_user.role, admin_user.status) == (
        "Renamed",
        Role.ADMIN,
        UserStatus.ACTIVE,
    )


def test_role_and_status_are_shown_read_only_on_the_admin_user_page(client, admin_user):
    client.force_login(admin_user)

    response = client.get(change_url(admin_user))

    form = response.context["adminform"].form
    assert "role" not in form.fields
    assert "status" not in form.fields
    assert "/team/" in response.content.decode()


def test_an_unknown_extra_permission_is_a_form_error_in_the_admin(client, admin_user, tenant):
    member = UserFactory(organization=tenant, role=Role.SALES)
    client.force_login(admin_user)

    response = client.post(
        change_url(member), user_form(member, extra_permissions="customers.view,rockets.launch")
    )

    assert response.status_code == 200
    assert "rockets.launch" in response.content.decode()
    member.refresh_from_db()
    assert member.extra_permissions == []


def test_known_extra_permission_patterns_are_accepted(tenant):
    member = UserFactory(organization=tenant, extra_permissions=["customers.*", "*.view"])

    member.full_clean()


def test_an_unknown_extra_permission_fails_model_validation(tenant):
    member = UserFactory(organization=tenant, extra_permissions=["projects.teleport"])

    with pytest.raises(ValidationError) as error:
        member.full_clean()

    assert "extra_permissions" in error.value.message_dict
