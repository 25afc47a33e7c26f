"""Every write to organizations goes through here."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from apps.core.services import model_update
from apps.core.tenancy import tenant_context
from apps.organizations.events import (
    organization_created_event,
    organization_deactivated_event,
    organization_restored_event,
    organization_updated_event,
)
from apps.organizations.models import Organization, OrganizationType
from apps.organizations.selectors import customer_with_same_name
from apps.organizations.tenant_setup import tenant_setup_run
from apps.users.backends import user_by_email
from apps.users.models import Role, User

_TENANT_SLUG_UNIQUE_CONSTRAINT = "organizations_tenant_slug_unique"


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
    language: str = "en",
) -> tuple[Organization, User]:
    """Create a tenant (an internal organization, which owns itself) and its first admin user.

    `language` (a code of settings.LANGUAGES) is the admin's language and the one the standard
    workflow is installed in.

    Runs inside the new tenant's own context, so the row-level security policies check it like
    any other write.
    """
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(
            {
                "language": gettext("Choose one of: %(codes)s.")
                % {"codes": ", ".join(dict(settings.LANGUAGES))}
            }
        )
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
        # Tenant slugs are unique across tenants, which RLS hides from full_clean: the unique
        # index has the last word.
        try:
            with transaction.atomic():
                organization.save(force_insert=True)
        except IntegrityError as error:
            if not _is_violation_of(error, _TENANT_SLUG_UNIQUE_CONSTRAINT):
                raise
            raise ValidationError(
                {"slug": f"“{organization.slug}” is already used by another factory."}
            ) from error
        admin = User(
            organization=organization,
            email=User.objects.normalize_email(admin_email).strip().lower(),
            name=admin_name,
            role=Role.ADMIN,
            department="Administration",
            preferences={"timezone": timezone, "language": language, "theme": "light"},
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
        # The standard workflow (in the tenant's language), from apps above.
        tenant_setup_run(organization_id=tenant_id, language=language)
    return organization, admin


# --- customers, suppliers and partners of a tenant ---

EXTERNAL_TYPES: tuple[str, ...] = (
    OrganizationType.CUSTOMER,
    OrganizationType.SUPPLIER,
    OrganizationType.PARTNER,
)
# What a user may set on an external organization. The tenant, slug and is_active are not here:
# the tenant comes from the signed-in user, the slug is made once, and is_active has its own
# services (deactivate / reactivate).
CUSTOMER_FIELDS: tuple[str, ...] = (
    "name",
    "organization_type",
    "country",
    "industry",
    "website",
    "address",
    "description",
    "timezone",
    "default_currency",
)
_SLUG_UNIQUE_CONSTRAINT = "organizations_owner_slug_unique"
_SLUG_ATTEMPTS = 3


def _ensure_own_external(*, user, organization: Organization) -> None:
    """A programming guard: views load organizations through the access functions, so this only
    fails when a caller skipped them."""
    if (
        organization.owner_organization_id != user.organization_id
        or organization.organization_type not in EXTERNAL_TYPES
    ):
        raise PermissionDenied(gettext("This organization is not one of your factory's customers."))


def _check_external_type(organization_type: str) -> None:
    if organization_type not in EXTERNAL_TYPES:
        raise ValidationError(
            {"organization_type": gettext("Choose customer, supplier or partner.")},
            code="invalid_choice",
        )


def _free_slug(*, tenant_id, name: str) -> str:
    """slugify(name), or the first free `<slug>-2`, `<slug>-3`… among the tenant's organizations
    (the tenant itself included: slugs are unique per owner)."""
    base = slugify(name)[:90].strip("-") or "organization"
    taken = set(
        Organization.objects.filter(
            owner_organization_id=tenant_id, slug__regex=rf"^{re.escape(base)}(-[0-9]+)?$"
        ).values_list("slug", flat=True)
    )
    if base not in taken:
        return base
    suffix = 2
    while f"{base}-{suffix}" in taken:
        suffix += 1
    return f"{base}-{suffix}"


def _is_violation_of(error: IntegrityError, constraint: str) -> bool:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) == constraint


@transaction.atomic
def _refuse_same_name(user, name: str, *, exclude_pk=None) -> None:
    """One company, one record: a second "Toyota Vietnam" (or "toyota viet nam" with accents or
    not) splits its projects and contacts between two records nobody can tell apart."""
    existing = customer_with_same_name(user, name, exclude_pk=exclude_pk)
    if existing is None:
        return
    if existing.is_active:
        message = gettext(
            "“%(name)s” is already recorded. Use it instead of adding the same company again."
        )
    else:
        message = gettext(
            "“%(name)s” is already recorded (deactivated: restore it on its page). Use it "
            "instead of adding the same company again."
        )
    raise ValidationError(
        {"name": ValidationError(message % {"name": existing.name}, code="same_name")}
    )


def customer_create(
    *,
    user,
    name: str,
    organization_type: str = OrganizationType.CUSTOMER,
    country: str = "",
    industry: str = "",
    website: str = "",
    address: str = "",
    description: str = "",
    timezone: str = "Asia/Ho_Chi_Minh",
    default_currency: str = "USD",
) -> Organization:
    """Record a customer, supplier or partner for the user's tenant.

    The tenant is always the user's own, never a form value. The slug is made unique within the
    tenant; if another request takes the same slug between our check and our insert, the unique
    index refuses it and we try the next suffix.
    """
    _check_external_type(organization_type)
    _refuse_same_name(user, name)
    organization = Organization(
        owner_organization_id=user.organization_id,
        name=name,
        organization_type=organization_type,
        country=country,
        industry=industry,
        website=website,
        address=address,
        description=description,
        timezone=timezone,
        default_currency=default_currency,
    )
    for _attempt in range(_SLUG_ATTEMPTS):
        organization.slug = _free_slug(tenant_id=user.organization_id, name=name)
        organization.full_clean()
        try:
            with transaction.atomic():
                organization.save(force_insert=True)
        except IntegrityError as error:
            if not _is_violation_of(error, _SLUG_UNIQUE_CONSTRAINT):
                raise
            continue
        organization_created_event(
            user=user,
            organization=organization,
            new_values={name: getattr(organization, name) for name in CUSTOMER_FIELDS},
        )
        return organization
    raise ValidationError(
        {
            "name": gettext(
                "Another organization with this name was saved at the same moment. Try again."
            )
        }
    )


@transaction.atomic
def customer_update(*, user, customer: Organization, data: Mapping[str, Any]) -> Organization:
    """Change what the user may edit (CUSTOMER_FIELDS); the slug stays as it was made, so links
    and references keep working after a rename."""
    _ensure_own_external(user=user, organization=customer)
    if "organization_type" in data:
        _check_external_type(data["organization_type"])
    if "name" in data and data["name"] != customer.name:
        _refuse_same_name(user, data["name"], exclude_pk=customer.pk)
    changes = model_update(customer, data, fields=CUSTOMER_FIELDS)
    if changes:
        organization_updated_event(user=user, organization=customer, changes=changes)
    return customer


@transaction.atomic
def customer_deactivate(*, user, customer: Organization) -> Organization:
    """Soft delete: the organization and its contacts stay (projects refer to them), but it leaves
    the active lists and none of its contacts can be made primary until it is restored. Calling it
    twice is harmless."""
    _ensure_own_external(user=user, organization=customer)
    if customer.is_active:
        _set_active(customer, is_active=False)
        organization_deactivated_event(user=user, organization=customer)
    return customer


@transaction.atomic
def customer_reactivate(*, user, customer: Organization) -> Organization:
    """Undo `customer_deactivate`. Calling it twice is harmless."""
    _ensure_own_external(user=user, organization=customer)
    if not customer.is_active:
        _set_active(customer, is_active=True)
        organization_restored_event(user=user, organization=customer)
    return customer


def _set_active(customer: Organization, *, is_active: bool) -> None:
    customer.is_active = is_active
    customer.full_clean()
    customer.save(update_fields=["is_active", "updated_at"])
