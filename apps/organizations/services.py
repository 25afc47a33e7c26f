"""Every write to organizations goes through here."""

from __future__ import annotations

import uuid

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from apps.core.tenancy import tenant_context
from apps.organizations.models import Organization, OrganizationType
from apps.users.backends import user_by_email
from apps.users.models import Role, User


@transaction.atomic
def tenant_create(
    *,
    name: str,
    admin_email: str,
    admin_name: str,
    admin_password: str,
    slug: str = "",
    country: str = "",
    timezone: str = "Asia/Ho_Chi_Minh",
    default_currency: str = "USD",
) -> tuple[Organization, User]:
    """Create a tenant (an internal organization, which owns itself) and its first admin user.

    Runs inside the new tenant's own context, so the row-level security policies check it like
    any other write.
    """
    tenant_id = uuid.uuid4()
    with tenant_context(tenant_id):
        organization = Organization(
            id=tenant_id,
            owner_organization_id=tenant_id,
            name=name,
            slug=slug or slugify(name)[:100],
            organization_type=OrganizationType.INTERNAL,
            country=country,
            timezone=timezone,
            default_currency=default_currency,
        )
        organization.full_clean(exclude=["owner_organization"])  # it is itself, not saved yet
        organization.save(force_insert=True)
        admin = User(
            organization=organization,
            email=User.objects.normalize_email(admin_email).strip().lower(),
            name=admin_name,
            role=Role.ADMIN,
            department="Administration",
            preferences={"timezone": timezone, "language": "en", "theme": "light"},
        )
        # E-mail is unique across tenants, which RLS hides from each other: ask the auth lookup.
        if user_by_email(admin.email or ""):
            raise ValidationError({"admin_email": "This e-mail address is already in use."})
        try:
            password_validation.validate_password(admin_password, admin)
        except ValidationError as exc:
            raise ValidationError({"admin_password": exc.messages}) from exc
        admin.set_password(admin_password)
        admin.full_clean()
        admin.save(force_insert=True)
    return organization, admin
