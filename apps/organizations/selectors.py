"""Every read of organizations that a page needs."""

from __future__ import annotations

import unicodedata

from django.db.models import Count, Q, QuerySet

from apps.core.access import get_for_tenant_or_404
from apps.core.owner import owner_rights
from apps.organizations.filters import CustomerFilter
from apps.organizations.models import Organization, OrganizationType


def external_organizations(user) -> QuerySet[Organization]:
    """The tenant's customers, suppliers and partners (never the tenant itself)."""
    return Organization.objects.filter(owner_organization_id=user.organization_id).exclude(
        organization_type=OrganizationType.INTERNAL
    )


def company_name_key(name: str) -> str:
    """A company name as people mean it: without case, accents (Vietnamese "đ" included) or extra
    spaces. "Công ty Đông Á" and "cong ty dong a" are one company."""
    decomposed = unicodedata.normalize("NFKD", name.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


def customer_with_same_name(user, name: str, *, exclude_pk=None) -> Organization | None:
    """The tenant's customer, supplier or partner whose name is `name` as people mean it (see
    `company_name_key`), or None. Compared in Python: a tenant has hundreds of customers, and
    PostgreSQL's `unaccent` is not installed."""
    key = company_name_key(name)
    candidates = (
        external_organizations(user)
        .exclude(pk=exclude_pk)
        .only("pk", "name", "is_active", "organization_type")
    )
    return next((org for org in candidates if company_name_key(org.name) == key), None)


def customer_list(user) -> QuerySet[Organization]:
    """The tenant's organizations, inactive ones included, with their active contacts counted."""
    return (
        external_organizations(user)
        .annotate(contact_count=Count("contacts", filter=Q(contacts__is_active=True)))
        .order_by("name")
    )


def customer_get_for_user(user, pk) -> Organization:
    """Access function for an external organization: 404 unless it is the user's tenant's."""
    return get_for_tenant_or_404(external_organizations(user), user, pk)


def customer_countries(user) -> list[str]:
    """The country codes in use among the tenant's organizations (choices of the country filter)."""
    return list(
        external_organizations(user)
        .exclude(country="")
        .order_by("country")
        .values_list("country", flat=True)
        .distinct()
    )


def customer_search(user, *, params) -> CustomerFilter:
    """The customers page's filters applied to the tenant's organizations (inactive ones included:
    the status filter decides). Read the rows from `.results`."""
    return CustomerFilter(
        params,
        queryset=customer_list(user),
        countries=customer_countries(user),
    )


def active_tenant_ids() -> list[str]:
    """Every active tenant, for the scheduled jobs that fan out over them. Runs outside any
    tenant, with the owner's rights (`apps.core.owner`): the list of tenants is not tenant data.
    Tenants are the internal organizations, which own themselves."""
    with owner_rights():
        return [
            str(pk)
            for pk in Organization.objects.filter(
                organization_type=OrganizationType.INTERNAL, is_active=True
            )
            .order_by("pk")
            .values_list("pk", flat=True)
        ]
