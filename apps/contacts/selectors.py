"""Every read of contacts that a page needs."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.contacts.models import Contact
from apps.core.access import get_for_tenant_or_404


def contacts_of(user, organization) -> QuerySet[Contact]:
    return Contact.objects.filter(
        owner_organization_id=user.organization_id, organization=organization
    ).order_by("-is_primary_contact", "-is_active", "contact_name")


def contact_get_for_user(user, pk) -> Contact:
    """The access function for a contact: 404 for anything not the user's tenant's."""
    return get_for_tenant_or_404(Contact.objects.select_related("organization"), user, pk)
