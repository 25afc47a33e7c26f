from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import TimeStampedModel, choices_check


class ContactType(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    SUPPLIER = "supplier", _("Supplier")
    PARTNER = "partner", _("Partner")
    INTERNAL = "internal", _("Internal")


class Contact(TimeStampedModel):
    """A person at an external organization (their `organization`), owned by one tenant.

    The database ties the two together: (organization_id, owner_organization_id) references
    organizations(id, owner_organization_id), so a contact can never hang under another tenant's
    company.
    """

    TENANT_FIELD = "owner_organization"

    owner_organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="contacts"
    )
    type = models.CharField(
        max_length=20, choices=ContactType.choices, default=ContactType.CUSTOMER
    )
    contact_name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True, default="")
    phone = models.CharField(max_length=50, blank=True, default="")
    role = models.CharField(max_length=100, blank=True, default="", help_text=_("Job title"))
    is_primary_contact = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    notes = models.TextField(blank=True, default="")

    class Meta:
        db_table = "contacts"
        ordering = ["-is_primary_contact", "contact_name"]
        constraints = [
            choices_check("type", ContactType, "contacts"),
            # With the tenant column: Citus enforces only keys that contain it.
            models.UniqueConstraint(
                fields=["organization", "owner_organization"],
                condition=Q(is_primary_contact=True),
                name="contacts_one_primary_per_organization",
            ),
            models.CheckConstraint(
                condition=Q(is_primary_contact=False) | Q(is_active=True),
                name="contacts_primary_is_active",
            ),
        ]
        indexes = [
            models.Index(
                fields=["owner_organization", "organization", "is_active"],
                name="contacts_owner_org_active_idx",
            ),
            models.Index(
                fields=["owner_organization", "contact_name"], name="contacts_owner_name_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.contact_name
