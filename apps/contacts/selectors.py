"""Every read of contacts that a page needs."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.contacts.models import Contact
from apps.core.access import get_for_tenant_or_404
from apps.organizations.models import OrganizationType


def contacts_of(user, organization) -> QuerySet[Contact]:
    return Contact.objects.filter(
        owner_organization_id=user.organization_id, organization=organization
    ).order_by("-is_primary_contact", "-is_active", "contact_name")


def customer_contact_get_for_user(user, *, customer_pk, pk) -> Contact:
    """The access function for a contact reached through its company's URL: 404 unless the contact
    is the tenant's and belongs to that (external) company. One query, company included."""
    contacts = (
        Contact.objects.select_related("organization")
        .filter(organization_id=customer_pk)
        .exclude(organization__organization_type=OrganizationType.INTERNAL)
    )
    return get_for_tenant_or_404(contacts, user, pk)
