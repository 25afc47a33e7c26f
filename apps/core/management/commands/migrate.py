"""`manage.py migrate`, run as the schema's owner when MIGRATION_DATABASE_URL is set.

A hardened deployment connects its web and worker processes as a login role that owns nothing and
holds no privileges of its own: it may only switch to the app role (`tenant_context`). The schema
then belongs to a separate owner, whose URL only the migrating job knows. With
MIGRATION_DATABASE_URL set, this command migrates the default database through that URL, and then
grants the app role to the login role of DATABASE_URL (membership alone, so it can `SET ROLE`).
Unset, it is Django's `migrate` unchanged: the login role is the owner, as in `make run`.
"""

from __future__ import annotations

import environ
from django.conf import settings
from django.core.management.commands.migrate import Command as DjangoMigrate
from django.db import DEFAULT_DB_ALIAS, connections

CONNECTION_KEYS = ("NAME", "USER", "PASSWORD", "HOST", "PORT")


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
                self.stdout.write(f"{login_user} may act as {settings.APP_DB_ROLE} (and only that)")
