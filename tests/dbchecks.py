"""Assertions for rules that PostgreSQL itself enforces (not Django validation)."""

from contextlib import contextmanager

import pytest
from django.db import IntegrityError, ProgrammingError, connection, transaction


@contextmanager
def refused_by(constraint: str):
    """The block's statement is refused by the database, which names `constraint` as the reason."""
    with pytest.raises(IntegrityError, match=f'"{constraint}"'), transaction.atomic():
        yield


@contextmanager
def permission_denied():
    """The block's statement is refused for lack of a grant (not by RLS, not by a constraint)."""
    with pytest.raises(ProgrammingError, match="permission denied"), transaction.atomic():
        yield


def execute(sql: str, params=None):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else cursor.rowcount


def db_now():
    """The transaction's now(): what a database trigger stamps."""
    return execute("SELECT now()")[0][0]
