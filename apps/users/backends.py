"""Authentication that works before the tenant is known.

The users table is under row-level security, and requests run as the app role, which with no
tenant set sees no user at all. So the two lookups that must happen before the tenant is known, by
session (user id) and by login (e-mail), go through SECURITY DEFINER functions owned by the
migrating role (`auth_user_by_id`, `auth_user_by_email`, see the users migrations). The lookup by
e-mail, which anyone can type, returns only the id and the tenant; the row is then loaded, and the
password checked (and re-hashed if `check_password` saves it), inside the user's own tenant context.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.backends import BaseBackend
from django.db import connection
from django.utils import timezone

from apps.core.tenancy import tenant_context
from apps.users.models import User


def user_by_id(user_id) -> User | None:
    try:
        key = str(uuid.UUID(str(user_id)))
    except ValueError:
        return None
    return next(iter(User.objects.raw("SELECT * FROM auth_user_by_id(%s)", [key])), None)


def user_by_email(email: str) -> User | None:
    """The account of a sign-in e-mail, loaded inside its own tenant: the pre-tenant lookup gives
    out only the id and the tenant, never the password hash."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, organization_id FROM auth_user_by_email(%s)", [email])
        found = cursor.fetchone()
    if found is None:
        return None
    user_id, organization_id = found
    with tenant_context(organization_id, user_id):
        return User.accounts.filter(pk=user_id).first()


def axes_username(request, credentials) -> str | None:
    """The name django-axes counts failed sign-ins under (AXES_USERNAME_CALLABLE): the e-mail as
    the login matches it, stripped and lower-cased. Counting the raw input would let
    " SALES@..." try again after "sales@..." is locked out."""
    source = credentials if credentials else getattr(request, "POST", None) or {}
    username = (source.get(settings.AXES_USERNAME_FORM_FIELD) or "").strip().lower()
    return username or None


class EmailBackend(BaseBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip()
        if not email or password is None or len(email) > 254:
            return None
        user = user_by_email(email)
        if user is None:
            # Spend the same time as a real check, so response time does not reveal the account.
            User().set_password(password)
            return None
        with tenant_context(user.organization_id, user.pk):
            valid = user.check_password(password)
        if valid and user.is_active:
            return user
        return None

    def get_user(self, user_id):
        user = user_by_id(user_id)
        return user if user is not None and user.is_active else None


def record_last_login(sender, request, user, **kwargs) -> None:
    """Replaces Django's `update_last_login` receiver (see `UsersConfig.ready`). A sign-in request
    is anonymous until now, so it runs with no tenant, and under RLS Django's update would find no
    user row to change; this one writes as the user's own tenant, on every login page (the app's
    and the admin's)."""
    with tenant_context(user.organization_id, user.pk):
        user.last_login = timezone.now()
        user.save(update_fields=["last_login"])
