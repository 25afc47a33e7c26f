"""Abstract bases shared by every app: timestamps, tenant ownership, CHECK rules from choices."""

from __future__ import annotations

import uuid

from django.apps import apps
from django.db import models
from django.db.models import Q


class TimeStampedModel(models.Model):
    """UUID key and timestamps. `updated_at` is also kept by a database trigger
    (`core.operations.UpdatedAtTrigger`), so raw SQL and bulk updates keep it true."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True, db_default=models.functions.Now())
    updated_at = models.DateTimeField(auto_now=True, db_default=models.functions.Now())

    class Meta:
        abstract = True


class TenantOwnedModel(TimeStampedModel):
    """A row that belongs to exactly one tenant (an internal organization).

    `TENANT_FIELD` names the column that RLS policies compare with `app.organization_id`; every
    concrete subclass is found by `tenant_models()` and so is covered by the isolation test matrix.
    """

    TENANT_FIELD = "organization"

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="+",
        db_index=True,
    )

    class Meta:
        abstract = True


def choices_check(
    field_name: str, choices: type[models.TextChoices], table: str
) -> models.CheckConstraint:
    """A CHECK constraint so the database itself rejects a value outside the TextChoices."""
    return models.CheckConstraint(
        condition=Q(**{f"{field_name}__in": choices.values}),
        name=f"{table}_{field_name}_valid",
    )


def tenant_models() -> list[type[models.Model]]:
    """Every concrete model holding tenant data (has a TENANT_FIELD)."""
    return [
        model
        for model in apps.get_models()
        if getattr(model, "TENANT_FIELD", None) and not model._meta.abstract
    ]
