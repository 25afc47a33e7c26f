"""The shape every `<entity>_get_for_user` access function shares.

Row-level security already hides other tenants' rows; the explicit tenant filter on top keeps the
query on the tenant-led index (and prunes shards on Citus). A malformed or foreign id, or a row that
does not exist, is the same 404: the answer never reveals that another tenant's row exists.
"""

from __future__ import annotations

import uuid

from django.db.models import Model, QuerySet
from django.http import Http404


def parse_uuid(value) -> uuid.UUID | None:
    """A UUID from user input (URL, query string, form), or None when it is missing or malformed:
    a bad id must never reach a query, where it would be a server error."""
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def get_for_tenant_or_404[M: Model](queryset: QuerySet[M], user, pk) -> M:
    key = parse_uuid(pk)
    if key is None:
        raise Http404("Not found.")
    model = queryset.model
    tenant_column = f"{model.TENANT_FIELD}_id"
    try:
        return queryset.get(pk=key, **{tenant_column: user.organization_id})
    except model.DoesNotExist:
        raise Http404(f"No such {model._meta.verbose_name}.") from None
