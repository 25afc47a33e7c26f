"""Sessions, lockout records, the admin log and the sign-in lookup, as the app role.

Each test signs users of two tenants in (which writes sessions and lockout records through the
app's own paths), then acts as tenant B's app role, as a request or a task would.
"""

from __future__ import annotations

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import ProgrammingError, connection
from django.urls import reverse

from apps.core.tenancy import tenant_context
from apps.users.models import User
from tests.users.factories import UserFactory

LOCKOUT_TABLES = ("axes_accessattempt", "axes_accesslog", "axes_accessfailurelog")


def run(sql: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall() if cursor.description else []


def refused(sql: str, organization, params: list | None = None) -> str:
    """The database's refusal of SQL run as the app role inside the tenant's context."""
    with pytest.raises(ProgrammingError) as error, tenant_context(organization):
        run(sql, params)
    return str(error.value)


@pytest.fixture
def signed_in(client, sales_user, other_admin, password):
    """A session of each tenant's user, a failed and a successful sign-in on record."""
    client.post(reverse("login"), {"username": sales_user.email, "password": "wrong"})
    client.post(reverse("login"), {"username": sales_user.email, "password": password})
    session_a = client.session.session_key
    client.logout()
    client.post(reverse("login"), {"username": other_admin.email, "password": password})
    session_b = client.session.session_key
    client.cookies.clear()  # session B stays in the table; the next sign-in is anonymous
    client.post(reverse("login"), {"username": "ghost@nowhere.example", "password": "guess"})
    assert session_a and session_b
    return session_a, session_b


def test_the_app_role_can_neither_read_nor_rewrite_sessions(signed_in, other_tenant):
    _, session_b = signed_in
    assert run("SELECT count(*) FROM django_session")[0][0] >= 1  # as the login role

    assert "permission denied" in refused("SELECT * FROM django_session", other_tenant)
    assert "permission denied" in refused(
        "UPDATE django_session SET expire_date = now() WHERE session_key = %s",
        other_tenant,
        [session_b],
    )
    assert "permission denied" in refused("DELETE FROM django_session", other_tenant)


def test_the_app_role_reaches_a_session_only_through_its_key(signed_in, other_tenant):
    _, session_b = signed_in
    with tenant_context(other_tenant):
        assert run("SELECT session_data_for_key(%s)", [session_b])[0][0]
        assert run("SELECT session_data_for_key(%s)", ["not-a-session-key"])[0][0] is None


def test_sessions_still_sign_in_carry_and_end(client, sales_user, password):
    client.post(reverse("login"), {"username": sales_user.email, "password": password})
    key = client.session.session_key
    assert client.get(reverse("home")).status_code == 200
    assert run("SELECT count(*) FROM django_session WHERE session_key = %s", [key]) == [(1,)]

    client.post(reverse("logout"))

    assert run("SELECT count(*) FROM django_session WHERE session_key = %s", [key]) == [(0,)]
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("table", LOCKOUT_TABLES)
def test_the_app_role_cannot_read_lockout_records(signed_in, other_tenant, table):
    if table != "axes_accessfailurelog":  # that one is filled only when axes is told to
        assert run(f"SELECT count(*) FROM {table}")[0][0] >= 1  # as the login role

    assert "permission denied" in refused(f"SELECT * FROM {table}", other_tenant)
    assert "permission denied" in refused(f"DELETE FROM {table}", other_tenant)


def test_failed_sign_ins_are_still_recorded_as_the_app_role_signs_in(client, sales_user):
    client.post(reverse("login"), {"username": sales_user.email, "password": "wrong"})

    rows = run("SELECT username FROM axes_accessattempt")
    assert rows == [(sales_user.email,)]


def log_entry_for(user: User) -> LogEntry:
    return LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=str(user),
        action_flag=ADDITION,
    )


def test_the_admin_log_is_the_tenants_own_and_never_rewritten(
    admin_user, other_admin, other_tenant
):
    log_entry_for(admin_user)
    own = log_entry_for(other_admin)

    with tenant_context(other_tenant, other_admin):
        seen = run("SELECT id, user_id FROM django_admin_log")
    assert seen == [(own.pk, other_admin.pk)]

    assert "permission denied" in refused(
        "UPDATE django_admin_log SET object_repr = 'changed'", other_tenant
    )
    assert "row-level security" in refused(
        "INSERT INTO django_admin_log (action_time, user_id, content_type_id, object_id, "
        "object_repr, action_flag, change_message) "
        "VALUES (now(), %s, NULL, 'x', 'x', 1, '')",
        other_tenant,
        [admin_user.pk],
    )


def test_the_admin_still_logs_a_tenant_admins_change(client, admin_user, tenant):
    colleague = UserFactory(organization=tenant)
    client.force_login(admin_user)

    response = client.post(reverse("admin:users_user_delete", args=[colleague.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert LogEntry.objects.filter(user=admin_user, object_id=str(colleague.pk)).exists()


def test_the_sign_in_lookup_by_email_gives_out_only_the_id_and_the_tenant(other_admin, tenant):
    with tenant_context(tenant), connection.cursor() as cursor:
        cursor.execute("SELECT * FROM auth_user_by_email(%s)", [other_admin.email])
        row = cursor.fetchone()
        columns = [column.name for column in cursor.description]

    assert columns == ["id", "organization_id"]
    assert row == (other_admin.pk, other_admin.organization_id)
