"""`manage.py migrate`, run as the schema's owner when MIGRATION_DATABASE_URL is set.

A hardened deployment connects its web and worker processes as a login role that owns nothing and
holds no privileges of its own: it may only switch to the app role (`tenant_context`). The schema
then belongs to a separate owner, whose URL only the migrating job knows. With
MIGRATION_DATABASE_URL set, this command migrates the default database through that URL, and then
grants the app role to the login role of DATABASE_URL (membership alone, so it can `SET ROLE`), and
EXECUTE on the SECURITY DEFINER lookups the app role may call (sessions, the sign-in and token
lookups by key): a request calls those before it knows the tenant and after its transaction (the
session is saved then), as the login role. The jobs that need the owner's rights reach it through
OWNER_DATABASE_URL (`apps.core.owner`), never through the login role.
Unset, it is Django's `migrate` unchanged: the login role is the owner, as in `make run`.
"""

from __future__ import annotations

import environ
from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections

CONNECTION_KEYS = ("NAME", "USER", "PASSWORD", "HOST", "PORT")

# The schema's SECURITY DEFINER functions the app role may execute: by the house rule each takes a
# key and returns only that row (session_*, auth_user_by_*, api_token_by_digest).
PRE_TENANT_LOOKUPS_SQL = """
SELECT p.oid::regprocedure::text FROM pg_proc p
WHERE p.prosecdef AND p.pronamespace = 'public'::regnamespace
  AND has_function_privilege(%s, p.oid, 'EXECUTE')
ORDER BY 1
"""


class Command(DjangoMigrate):
    help = DjangoMigrate.help + " Runs as MIGRATION_DATABASE_URL's role when that is set."

    def handle(self, *args, **options):
        owner_url = settings.MIGRATION_DATABASE_URL
        if not owner_url or options["database"] != DEFAULT_DB_ALIAS:
            return super().handle(*args, **options)
        connection = connections[DEFAULT_DB_ALIAS]
        login_user = connection.settings_dict["USER"]
        owner = environ.Env.db_url_config(owner_url)
        connection.close()
        connection.settings_dict.update({key: owner.get(key, "") for key in CONNECTION_KEYS})
        super().handle(*args, **options)
        self._let_login_role_switch_to_app_role(connection, login_user)

    def _let_login_role_switch_to_app_role(self, connection, login_user: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user::text")
            (owner,) = cursor.fetchone()
            if login_user and login_user != owner:
                quote = connection.ops.quote_name
                cursor.execute(f"GRANT {quote(settings.APP_DB_ROLE)} TO {quote(login_user)}")
                cursor.execute(PRE_TENANT_LOOKUPS_SQL, [settings.APP_DB_ROLE])
                lookups = [signature for (signature,) in cursor.fetchall()]
                for signature in lookups:
                    cursor.execute(f"GRANT EXECUTE ON FUNCTION {signature} TO {quote(login_user)}")
                self.stdout.write(
                    f"{login_user} may act as {settings.APP_DB_ROLE} (and only that), and call "
                    f"{len(lookups)} lookups by key: {', '.join(lookups)}"
                )
