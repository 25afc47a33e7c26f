"""The shape every `<entity>_get_for_user` access function shares.

Row-level security already hides other tenants' rows; the explicit tenant filter on top keeps the
query on the tenant-led index (and prunes shards on Citus). A malformed or foreign id, or a row that
does not exist, is the same 404: the answer never reveals that another tenant's row exists.
"""

from __future__ import annotations

import uuid

from django.db.models import Model, QuerySet
from django.http import Http404


def get_for_tenant_or_404[M: Model](queryset: QuerySet[M], user, pk) -> M:
    try:
        key = pk if isinstance(pk, uuid.UUID) else uuid.UUID(str(pk))
    except (TypeError, ValueError, AttributeError):
        raise Http404("Not found.") from None
    model = queryset.model
    tenant_column = f"{model.TENANT_FIELD}_id"
    try:
        return queryset.get(pk=key, **{tenant_column: user.organization_id})
    except model.DoesNotExist:
        raise Http404(f"No such {model._meta.verbose_name}.") from None
