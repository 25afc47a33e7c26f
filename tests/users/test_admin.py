"""The Django admin's user page: role and status change only on the team page (which keeps the
last-active-admin rule); extra permission grants must name real permissions."""

import pytest
from django.core.exceptions import ValidationError

from apps.core.tenancy import tenant_context
from apps.users.models import Role, User, UserStatus, email_in_use
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


ADD_URL = "/admin/users/user/add/"


def new_user_form(**changes) -> dict:
    data = {
        "email": "new.person@a.example.com",
        "name": "New Person",
        "role": Role.SALES,
        "status": UserStatus.ACTIVE,
        "department": "",
        "employee_id": "",
        "direct_manager": "",
        "phone": "",
        "avatar": "",
        "preferences": "{}",
        "extra_permissions": "",
    }
    return {**data, **changes}


def test_a_manager_that_is_not_an_id_is_a_form_error_on_add_and_change(client, admin_user):
    """Before, the autocomplete widget looked the raw value up again and the admin answered 500."""
    client.force_login(admin_user)

    added = client.post(ADD_URL, new_user_form(direct_manager="not-a-uuid"))
    changed = client.post(change_url(admin_user), user_form(admin_user, direct_manager="x' OR 1"))

    for response in (added, changed):
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert not User.objects.filter(email="new.person@a.example.com").exists()


def test_a_manager_of_this_factory_is_kept(client, admin_user, tenant):
    manager = UserFactory(organization=tenant, role=Role.MANAGEMENT)
    client.force_login(admin_user)

    response = client.post(ADD_URL, new_user_form(direct_manager=str(manager.pk)))

    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(email="new.person@a.example.com").direct_manager == manager


@pytest.mark.parametrize(
    ("preferences", "message"),
    [
        (1, "Preferences are a JSON object"),
        ({"limit": float("inf")}, "Numbers in the preferences must be finite."),
        ([1, 2], "Preferences are a JSON object"),
        ("text", "Preferences are a JSON object"),
        ({"timezone": 5}, "“timezone” must name a timezone"),
        ({"timezone": "Mars/Olympus_Mons"}, "“timezone” must name a timezone"),
        ({"language": ["en"]}, "“language” must be one of en, vi."),
        ({"email_notifications": "no"}, "“email_notifications” must be true or false."),
        ({"email_muted_kinds": "message"}, "“email_muted_kinds” must be a list"),
        ({"theme": "neon"}, "“theme” must be “light” or “dark”."),
    ],
)
def test_preferences_the_pages_cannot_use_are_refused_by_the_model(tenant, preferences, message):
    member = UserFactory.build(organization=tenant, preferences=preferences)

    with pytest.raises(ValidationError) as refused:
        member.clean()

    assert message in " ".join(refused.value.message_dict["preferences"])


def test_preferences_are_read_only_in_the_admin(client, admin_user, tenant):
    """Only the person's settings page writes them: a posted value is ignored."""
    member = UserFactory(organization=tenant, role=Role.SALES)
    before = dict(member.preferences)
    client.force_login(admin_user)

    page = client.get(change_url(member)).content.decode()
    response = client.post(
        change_url(member), user_form(member, preferences='{"timezone": "Mars/Olympus"}')
    )

    assert 'name="preferences"' not in page
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.preferences == before


@pytest.mark.parametrize("whose", ["this factory's", "another factory's"])
def test_an_email_in_use_anywhere_gets_one_answer_on_add_and_change(
    client, admin_user, other_admin, tenant, whose
):
    """Before, another factory's address failed the insert (500) while a free one saved (302): the
    admin of one factory could learn who has an account in another."""
    colleague = UserFactory(organization=tenant, email="colleague@a.example.com")
    taken = colleague.email if whose == "this factory's" else other_admin.email
    member = UserFactory(organization=tenant, role=Role.SALES)
    client.force_login(admin_user)

    added = client.post(ADD_URL, new_user_form(email=taken.upper()))
    changed = client.post(change_url(member), user_form(member, email=taken))

    for response in (added, changed):
        assert response.status_code == 200
        body = response.content.decode()
        assert "This e-mail address cannot be used." in body
        assert "already exists" not in body
    assert User.objects.filter(email=taken).count() == 1


def test_a_free_email_and_ones_own_unchanged_email_are_accepted(client, admin_user, tenant):
    member = UserFactory(organization=tenant, role=Role.SALES)
    client.force_login(admin_user)

    unchanged = client.post(change_url(member), user_form(member, name="Same Address"))
    added = client.post(ADD_URL, new_user_form(email="free@a.example.com"))

    assert unchanged.status_code == added.status_code == 302
    assert User.objects.get(email="free@a.example.com").organization == tenant


def test_email_in_use_sees_every_factory_but_answers_only_yes_or_no(tenant, other_admin):
    with tenant_context(tenant):
        assert email_in_use(other_admin.email)
        assert not email_in_use(other_admin.email, other_than=other_admin.pk)
        assert not email_in_use("nobody@nowhere.example")
