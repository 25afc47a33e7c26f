"""Every write to contacts goes through here.

The rule for primary contacts: a company has at most one, and it is active. The database enforces
both (a partial unique index and a CHECK); the services keep to them in the right order (clear the
old primary before setting the new one) and serialize the changes of one company by locking its
organization row, so two people pressing "make primary" at once cannot both win.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from apps.contacts.events import (
    contact_created_event,
    contact_deactivated_event,
    contact_made_primary_event,
    contact_updated_event,
)
from apps.contacts.models import Contact, ContactType
from apps.core.services import model_update
from apps.organizations.models import Organization, OrganizationType

# What a user may set on a contact. is_primary_contact and is_active have their own services.
CONTACT_FIELDS: tuple[str, ...] = ("type", "contact_name", "email", "phone", "role", "notes")

_CONTACT_TYPE_FOR_ORGANIZATION = {
    OrganizationType.CUSTOMER: ContactType.CUSTOMER,
    OrganizationType.SUPPLIER: ContactType.SUPPLIER,
    OrganizationType.PARTNER: ContactType.PARTNER,
}
# A change of the primary/active flags can only break the rules about those flags; the other
# fields were valid when saved and do not change, so validating them again costs queries for
# nothing.
_FLAG_FIELDS = ("organization", "is_primary_contact", "is_active")
_FLAG_CHANGE_CLEAN_EXCLUDE = [
    field.name for field in Contact._meta.concrete_fields if field.name not in _FLAG_FIELDS
]
_ONE_PRIMARY_CONSTRAINT = "contacts_one_primary_per_organization"
_PRIMARY_IS_ACTIVE_CONSTRAINT = "contacts_primary_is_active"


def _ensure_own_company(*, user, organization: Organization) -> None:
    """A programming guard: views load rows through the access functions, so this only fails when
    a caller skipped them."""
    if (
        organization.owner_organization_id != user.organization_id
        or organization.organization_type == OrganizationType.INTERNAL
    ):
        raise PermissionDenied(gettext("This company is not one of your factory's customers."))


def _ensure_own_contact(*, user, contact: Contact) -> None:
    if contact.owner_organization_id != user.organization_id:
        raise PermissionDenied(gettext("This contact is not one of your factory's."))


def _lock_company(*, user, organization_id) -> Organization:
    """Lock the company row for the rest of the transaction (FOR NO KEY UPDATE: it serializes
    primary-contact changes of this company without blocking inserts that only reference it)."""
    return (
        Organization.objects.select_for_update(no_key=True)
        .filter(owner_organization_id=user.organization_id)
        .get(pk=organization_id)
    )


@transaction.atomic
def contact_create(
    *,
    user,
    organization: Organization,
    contact_name: str,
    contact_type: str = "",
    email: str = "",
    phone: str = "",
    role: str = "",
    notes: str = "",
) -> Contact:
    """Add a person at one of the tenant's customers, suppliers or partners.

    The contact's type defaults to the company's kind. An archived company takes no new contacts:
    restore it first, so nobody is added to a customer the factory no longer works with.
    """
    _ensure_own_company(user=user, organization=organization)
    if not organization.is_active:
        raise ValidationError(
            gettext("%(company)s is deactivated. Restore it before adding contacts.")
            % {"company": organization.name}
        )
    contact = Contact(
        owner_organization_id=user.organization_id,
        organization=organization,
        type=contact_type
        or _CONTACT_TYPE_FOR_ORGANIZATION.get(organization.organization_type, ContactType.CUSTOMER),
        contact_name=contact_name,
        email=email,
        phone=phone,
        role=role,
        notes=notes,
    )
    contact.full_clean()
    contact.save(force_insert=True)
    contact_created_event(
        user=user,
        contact=contact,
        new_values={name: getattr(contact, name) for name in CONTACT_FIELDS},
    )
    return contact


@transaction.atomic
def contact_update(*, user, contact: Contact, data: Mapping[str, Any]) -> Contact:
    """Change a contact's details (CONTACT_FIELDS only)."""
    _ensure_own_contact(user=user, contact=contact)
    changes = model_update(contact, data, fields=CONTACT_FIELDS)
    if changes:
        contact_updated_event(user=user, contact=contact, changes=changes)
    return contact


@transaction.atomic
def contact_deactivate(*, user, contact: Contact) -> Contact:
    """Soft delete: the contact stays (projects may name them) but is no longer active. An inactive
    person cannot be the primary contact, so deactivating the primary also clears that flag and
    leaves the company without a primary until someone else is chosen."""
    _ensure_own_contact(user=user, contact=contact)
    _lock_company(user=user, organization_id=contact.organization_id)
    contact = Contact.objects.select_for_update().select_related("organization").get(pk=contact.pk)
    if not contact.is_active:
        return contact
    was_primary = contact.is_primary_contact
    contact.is_active = False
    contact.is_primary_contact = False
    contact.full_clean(exclude=_FLAG_CHANGE_CLEAN_EXCLUDE)
    contact.save(update_fields=["is_active", "is_primary_contact", "updated_at"])
    contact_deactivated_event(user=user, contact=contact, was_primary=was_primary)
    return contact


@transaction.atomic
def contact_make_primary(*, user, contact: Contact) -> Contact:
    """Make `contact` its company's one primary contact, in one transaction.

    The company row is locked first, so a second request for the same company waits and then sees
    the first one's result; the contact is re-read under that lock (it may have been deactivated
    meanwhile). The old primary is cleared before the new one is set, as the unique index wants.
    Should the index still refuse (a write that bypassed these services), the error comes back as
    a ValidationError a person can act on, never as a crash.
    """
    _ensure_own_contact(user=user, contact=contact)
    try:
        with transaction.atomic():
            return _make_primary(user=user, contact=contact)
    except IntegrityError as error:
        cause = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
        if cause == _PRIMARY_IS_ACTIVE_CONSTRAINT:
            message = gettext("Only an active contact can be the primary contact.")
        elif cause == _ONE_PRIMARY_CONSTRAINT:
            message = gettext(
                "Someone else changed the primary contact at the same moment. "
                "Reload the page and try again."
            )
        else:
            raise
        raise ValidationError(message, code="primary_conflict") from error


def _make_primary(*, user, contact: Contact) -> Contact:
    company = _lock_company(user=user, organization_id=contact.organization_id)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    contact.organization = company
    if not company.is_active:
        raise ValidationError(
            gettext("%(company)s is deactivated. Restore it before choosing a primary contact.")
            % {"company": company.name}
        )
    if not contact.is_active:
        raise ValidationError(
            gettext("%(contact)s is deactivated and cannot be the primary contact.")
            % {"contact": contact.contact_name}
        )
    if contact.is_primary_contact:
        return contact
    previous = (
        Contact.objects.select_for_update()
        .filter(
            owner_organization_id=user.organization_id,
            organization_id=company.pk,
            is_primary_contact=True,
        )
        .exclude(pk=contact.pk)
    )
    previous_primary = None
    for old in previous:
        old.is_primary_contact = False
        old.full_clean(exclude=_FLAG_CHANGE_CLEAN_EXCLUDE)
        old.save(update_fields=["is_primary_contact", "updated_at"])
        previous_primary = old
    contact.is_primary_contact = True
    contact.full_clean(exclude=_FLAG_CHANGE_CLEAN_EXCLUDE)
    contact.save(update_fields=["is_primary_contact", "updated_at"])
    contact_made_primary_event(
        user=user, contact=contact, company=company, previous_primary=previous_primary
    )
    return contact
