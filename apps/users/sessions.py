"""Sessions in PostgreSQL, reached only by their key.

The app role has no privilege on `django_session` (see the users migration that protects it): each
operation is a SECURITY DEFINER function that takes the session key, so code running for one
tenant cannot list, read or rewrite anybody else's session. Sessions are read before the tenant
is known, which is why this is not row-level security.
"""

from __future__ import annotations

from django.contrib.sessions.backends.base import CreateError, UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connection


class SessionStore(DatabaseSessionStore):
    def load(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT session_data_for_key(%s)", [self.session_key])
            (data,) = cursor.fetchone()
        if data is None:
            self._session_key = None
            return {}
        return self.decode(data)

    def exists(self, session_key):
        with connection.cursor() as cursor:
            cursor.execute("SELECT session_key_exists(%s)", [session_key])
            return cursor.fetchone()[0]

    def save(self, must_create=False):
        if self.session_key is None:
            return self.create()
        data = self._get_session(no_load=must_create)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT session_store(%s, %s, %s, %s)",
                [
                    self._get_or_create_session_key(),
                    self.encode(data),
                    self.get_expiry_date(),
                    must_create,
                ],
            )
            (written,) = cursor.fetchone()
        if not written:
            raise CreateError if must_create else UpdateError

    def delete(self, session_key=None):
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        with connection.cursor() as cursor:
            cursor.execute("SELECT session_delete(%s)", [session_key])
