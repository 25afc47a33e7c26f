"""Personal access tokens: issue, revoke, and resolve a presented token before the tenant is known.

A token is "fp_" followed by 43 URL-safe characters (256 random bits). Only its SHA-256 digest is
stored. A request that presents one is resolved before `TenantMiddleware` opens the tenant's
transaction, while the connection still runs as its login role: like the session lookup, the
token row is read through a SECURITY DEFINER function (`api_token_by_digest`, see the first
migration) that returns only the row asked for.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.api import events
from apps.api.models import ApiToken, TokenScope
from apps.users.backends import user_by_id
from apps.users.models import User

TOKEN_PREFIX = "fp_"  # noqa: S105 (the marker of our tokens, not a secret)
PREFIX_LENGTH = 10
MAX_LIFETIME_DAYS = 366
# last_used_at is written at most this often, so reading does not write on every request.
LAST_USED_PRECISION = datetime.timedelta(minutes=5)


@dataclass(frozen=True)
class TokenGrant:
    """What a valid token grants the request: its user, acting with its scope."""

    token_id: object
    user: User
    scope: str

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(
    *, user, name: str, scope: str, expires_in_days: int, now=None
) -> tuple[ApiToken, str]:
    """Issue a token for `user` and return it with its secret, which is never stored or shown
    again."""
    now = now or timezone.now()
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = [_("Give the token a name, so you can tell it apart later.")]
    if scope not in TokenScope.values:
        errors["scope"] = [_("Choose read or read and write.")]
    if not isinstance(expires_in_days, int) or not 1 <= expires_in_days <= MAX_LIFETIME_DAYS:
        errors["expires_in_days"] = [
            _("A token lives between 1 and %(days)d days.") % {"days": MAX_LIFETIME_DAYS}
        ]
    if errors:
        raise ValidationError(errors)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        organization_id=user.organization_id,
        user=user,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=token_digest(secret),
        scope=scope,
        expires_at=now + datetime.timedelta(days=expires_in_days),
    )
    token.full_clean()
    token.save(force_insert=True)
    events.api_token_created_event(token, user=user)
    return token, secret


@transaction.atomic
def api_token_revoke(*, user, token_id, now=None) -> ApiToken:
    """Revoke one of the user's own tokens; it stops working at once. Revoking twice is a no-op."""
    token = (
        ApiToken.objects.select_for_update()
        .filter(organization_id=user.organization_id, user=user, pk=token_id)
        .first()
    )
    if token is None:
        raise PermissionDenied(_("That token is not yours."))
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        events.api_token_revoked_event(token, user=user)
    return token


def api_token_authenticate(secret: str, *, now=None) -> TokenGrant | None:
    """The grant of a presented token, or None when it is unknown, revoked, expired, or its user
    can no longer sign in. Runs before any tenant context (see the module docstring)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    now = now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, user_id, organization_id, scope, expires_at, revoked_at "
            "FROM api_token_by_digest(%s)",
            [token_digest(secret)],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    token_id, user_id, organization_id, scope, expires_at, revoked_at = row
    if revoked_at is not None or expires_at <= now:
        return None
    user = user_by_id(user_id)
    if user is None or not user.is_active or user.organization_id != organization_id:
        return None
    return TokenGrant(token_id=token_id, user=user, scope=scope)


def api_token_touch(grant: TokenGrant, *, now=None) -> None:
    """Record that the token was used (at most every few minutes, so reading does not write on
    every request), inside the tenant's transaction."""
    now = now or timezone.now()
    ApiToken.objects.filter(pk=grant.token_id, organization_id=grant.user.organization_id).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION)
    ).update(last_used_at=now)
