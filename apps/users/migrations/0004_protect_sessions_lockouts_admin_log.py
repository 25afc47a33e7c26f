"""Sessions, lockout records and the admin log are out of the app role's reach, and the sign-in
lookup by e-mail no longer hands out the user row.

- Sessions are read before the tenant is known and carry no tenant column, so RLS has nothing to
  key on. The app role loses every privilege on `django_session` and works on it only through four
  SECURITY DEFINER functions that take the session key (the secret itself): whoever holds a key
  reaches that one session, and nobody can list, read or rewrite another
  (`apps.users.sessions.SessionStore`).
- django-axes' tables (e-mails and IPs of every tenant's sign-in attempts) are needed before the
  tenant is known too, by a library whose queries we do not write: the app role loses every
  privilege on them and the lockout handler works on them as the login role
  (`apps.users.lockout.LockoutHandler`).
- The admin log has a user, so it gets RLS keyed on that user's tenant: read, add and (with its
  user) delete within the tenant, never rewrite.
- `auth_user_by_email` returns only the id and the tenant: sign-in then loads the user and checks the
  password inside that tenant (`apps.users.backends`). `auth_user_by_id` keeps the row: the session
  check on every request needs the password hash (Django's session auth hash), and it takes an
  unguessable id, not an e-mail anyone can type.
"""

from django.conf import settings
from django.db import migrations

from apps.core.operations import TENANT_SETTING

SESSION_FUNCTIONS = """
CREATE FUNCTION session_data_for_key(p_session_key text) RETURNS text
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$
    SELECT session_data FROM django_session
    WHERE session_key = p_session_key AND expire_date > now()
$$;

CREATE FUNCTION session_key_exists(p_session_key text) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT EXISTS (SELECT 1 FROM django_session WHERE session_key = p_session_key) $$;

-- True when written: a new row when p_must_create (false if the key is taken), else the existing
-- row (false if there is none).
CREATE FUNCTION session_store(
    p_session_key text, p_session_data text, p_expire_date timestamptz, p_must_create boolean
) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp
AS $$
BEGIN
    IF p_must_create THEN
        INSERT INTO django_session (session_key, session_data, expire_date)
        VALUES (p_session_key, p_session_data, p_expire_date)
        ON CONFLICT (session_key) DO NOTHING;
    ELSE
        UPDATE django_session SET session_data = p_session_data, expire_date = p_expire_date
        WHERE session_key = p_session_key;
    END IF;
    RETURN FOUND;
END
$$;

CREATE FUNCTION session_delete(p_session_key text) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
AS $$ DELETE FROM django_session WHERE session_key = p_session_key $$;

REVOKE ALL ON FUNCTION session_data_for_key(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION session_key_exists(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION session_store(text, text, timestamptz, boolean) FROM PUBLIC;
REVOKE ALL ON FUNCTION session_delete(text) FROM PUBLIC;
"""
SESSION_FUNCTION_SIGNATURES = (
    "session_data_for_key(text)",
    "session_key_exists(text)",
    "session_store(text, text, timestamptz, boolean)",
    "session_delete(text)",
)
LOCKOUT_TABLES = (
    "axes_accessattempt",
    "axes_accessattemptexpiration",
    "axes_accesslog",
    "axes_accessfailurelog",
)

AUTH_USER_BY_EMAIL_IDS_ONLY = """
DROP FUNCTION auth_user_by_email(text);
CREATE FUNCTION auth_user_by_email(p_email text)
RETURNS TABLE (id uuid, organization_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT id, organization_id FROM users WHERE email = lower(btrim(p_email)) $$;
REVOKE ALL ON FUNCTION auth_user_by_email(text) FROM PUBLIC;
"""
AUTH_USER_BY_EMAIL_WHOLE_ROW = """
DROP FUNCTION auth_user_by_email(text);
CREATE FUNCTION auth_user_by_email(p_email text) RETURNS SETOF users
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
AS $$ SELECT * FROM users WHERE email = lower(btrim(p_email)) $$;
REVOKE ALL ON FUNCTION auth_user_by_email(text) FROM PUBLIC;
"""

ADMIN_LOG_OF_THE_TENANT = (
    "EXISTS (SELECT 1 FROM users WHERE users.id = django_admin_log.user_id "
    f"AND users.organization_id = {TENANT_SETTING})"
)


def admin_log_rls_sql(role: str) -> list[str]:
    # No UPDATE policy: under RLS that refuses every update, and nothing rewrites the log.
    return [
        "ALTER TABLE django_admin_log ENABLE ROW LEVEL SECURITY",
        f'CREATE POLICY django_admin_log_tenant_select ON django_admin_log FOR SELECT TO "{role}" '
        f"USING ({ADMIN_LOG_OF_THE_TENANT})",
        f'CREATE POLICY django_admin_log_tenant_insert ON django_admin_log FOR INSERT TO "{role}" '
        f"WITH CHECK ({ADMIN_LOG_OF_THE_TENANT})",
        f'CREATE POLICY django_admin_log_tenant_delete ON django_admin_log FOR DELETE TO "{role}" '
        f"USING ({ADMIN_LOG_OF_THE_TENANT})",
        f'REVOKE UPDATE ON django_admin_log FROM "{role}"',
    ]


def protect(apps, schema_editor):
    role = settings.APP_DB_ROLE
    schema_editor.execute(f'REVOKE ALL ON django_session FROM "{role}"')
    for signature in SESSION_FUNCTION_SIGNATURES:
        schema_editor.execute(f'GRANT EXECUTE ON FUNCTION {signature} TO "{role}"')
    for table in LOCKOUT_TABLES:
        schema_editor.execute(f'REVOKE ALL ON "{table}" FROM "{role}"')
    for statement in admin_log_rls_sql(role):
        schema_editor.execute(statement)
    schema_editor.execute(f'GRANT EXECUTE ON FUNCTION auth_user_by_email(text) TO "{role}"')


def unprotect(apps, schema_editor):
    role = settings.APP_DB_ROLE
    schema_editor.execute(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON django_session, django_admin_log, "
        f'{", ".join(LOCKOUT_TABLES)} TO "{role}"'
    )
    for action in ("select", "insert", "delete"):
        schema_editor.execute(
            f"DROP POLICY IF EXISTS django_admin_log_tenant_{action} ON django_admin_log"
        )
    schema_editor.execute("ALTER TABLE django_admin_log DISABLE ROW LEVEL SECURITY")
    schema_editor.execute(f'GRANT EXECUTE ON FUNCTION auth_user_by_email(text) TO "{role}"')


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0003_extra_permissions_known_patterns"),
        ("sessions", "0001_initial"),
        ("admin", "0003_logentry_add_action_flag_choices"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.RunSQL(
            SESSION_FUNCTIONS,
            "DROP FUNCTION session_data_for_key(text); DROP FUNCTION session_key_exists(text); "
            "DROP FUNCTION session_store(text, text, timestamptz, boolean); "
            "DROP FUNCTION session_delete(text);",
        ),
        migrations.RunSQL(AUTH_USER_BY_EMAIL_IDS_ONLY, AUTH_USER_BY_EMAIL_WHOLE_ROW),
        migrations.RunPython(protect, unprotect),
    ]
