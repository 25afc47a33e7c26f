from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel, choices_check


class OrganizationType(models.TextChoices):
    INTERNAL = "internal", _("Internal (factory)")
    CUSTOMER = "customer", _("Customer")
    SUPPLIER = "supplier", _("Supplier")
    PARTNER = "partner", _("Partner")


class Organization(TimeStampedModel):
    """A tenant (type `internal`, a factory) or an external organization owned by one tenant.

    `owner_organization` is the tenant column: a tenant owns itself, and each customer, supplier or
    partner is owned by the tenant that recorded it, so one factory's customer list is invisible to
    every other factory.
    """

    TENANT_FIELD = "owner_organization"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner_organization = models.ForeignKey(
        "self", on_delete=models.PROTECT, related_name="owned_organizations"
    )
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100)
    organization_type = models.CharField(
        max_length=20, choices=OrganizationType.choices, default=OrganizationType.CUSTOMER
    )
    description = models.TextField(blank=True, default="")
    country = models.CharField(max_length=2, blank=True, default="", help_text=_("ISO 3166 code"))
    industry = models.CharField(max_length=100, blank=True, default="")
    website = models.URLField(max_length=300, blank=True, default="")
    address = models.TextField(blank=True, default="")
    timezone = models.CharField(max_length=64, default="Asia/Ho_Chi_Minh")
    default_currency = models.CharField(max_length=3, default="USD")
    is_active = models.BooleanField(default=True)

    class Meta:
        db_table = "organizations"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_organization", "slug"], name="organizations_owner_slug_unique"
            ),
            # Tenants' slugs are unique across the installation.
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(organization_type="internal"),
                name="organizations_tenant_slug_unique",
            ),
            choices_check("organization_type", OrganizationType, "organizations"),
            # A tenant owns itself; nobody else is owned by itself.
            models.CheckConstraint(
                condition=(
                    Q(
                        organization_type=OrganizationType.INTERNAL,
                        owner_organization=models.F("id"),
                    )
                    | (
                        ~Q(organization_type=OrganizationType.INTERNAL)
                        & ~Q(owner_organization=models.F("id"))
                    )
                ),
                name="organizations_tenant_owns_itself",
            ),
        ]
        indexes = [
            models.Index(
                fields=["owner_organization", "organization_type", "is_active", "name"],
                name="organizations_owner_type_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_tenant(self) -> bool:
        return self.organization_type == OrganizationType.INTERNAL
