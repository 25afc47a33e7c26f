"""The app role and the helpers every later migration relies on.

The app role is what requests and tenant tasks run as: it logs in never, owns nothing, is neither
superuser nor BYPASSRLS, and gets DML on the tables (RLS then decides which rows exist for it).
The migrating role becomes a member so it may `SET ROLE` to it.
"""

from django.conf import settings
from django.db import migrations


def create_app_role(apps, schema_editor):
    role = settings.APP_DB_ROLE
    execute = schema_editor.execute
    execute(
        f"""
        DO $$
        BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
                CREATE ROLE "{role}" NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
            END IF;
        END
        $$
        """
    )
    execute(f'ALTER ROLE "{role}" NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE')
    execute(
        f"""
        DO $$
        BEGIN
            IF NOT pg_has_role(current_user, '{role}', 'MEMBER') THEN
                EXECUTE 'GRANT "{role}" TO ' || quote_ident(current_user);
            END IF;
        END
        $$
        """
    )
    execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
    execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{role}"')
    execute(f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{role}"')
    execute(
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA public "
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{role}"'
    )
    execute(
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "{role}"'
    )
    # The migration ledger is the owner's business alone.
    execute(f'REVOKE ALL ON TABLE django_migrations FROM "{role}"')


def drop_app_role_grants(apps, schema_editor):
    role = settings.APP_DB_ROLE
    schema_editor.execute(
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM "{role}"'
    )
    schema_editor.execute(
        f'ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM "{role}"'
    )


SET_UPDATED_AT = """
CREATE OR REPLACE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END
$$;
"""


class Migration(migrations.Migration):
    initial = True
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("sessions", "0001_initial"),
    ]
    operations = [
        migrations.RunPython(create_app_role, drop_app_role_grants),
        migrations.RunSQL(SET_UPDATED_AT, "DROP FUNCTION IF EXISTS set_updated_at()"),
    ]
