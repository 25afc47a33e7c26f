"""`get_combined_user_data(user_id)`: a user with their organization in one round trip (seed 1).

SECURITY INVOKER, so under RLS it answers only for users of the current tenant.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION get_combined_user_data(p_user_id uuid)
RETURNS TABLE (
    user_id uuid, email text, name text, role text, department text, status text,
    preferences jsonb, extra_permissions text[], last_login_at timestamptz,
    organization_id uuid, organization_name text, organization_slug text,
    organization_timezone text, default_currency text, direct_manager_id uuid,
    direct_manager_name text
)
LANGUAGE sql STABLE AS $$
    SELECT u.id, u.email::text, u.name::text, u.role::text, u.department::text, u.status::text,
           u.preferences, u.extra_permissions::text[], u.last_login_at,
           o.id, o.name::text, o.slug::text, o.timezone::text, o.default_currency::text,
           m.id, m.name::text
    FROM users u
    JOIN organizations o ON o.id = u.organization_id
    LEFT JOIN users m ON m.id = u.direct_manager_id
    WHERE u.id = p_user_id
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("users", "0001_initial")]
    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION IF EXISTS get_combined_user_data(uuid)"),
    ]
