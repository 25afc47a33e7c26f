"""A new inquiry: the project, and if needed its new customer and contact, in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from apps.contacts.services import contact_create
from apps.organizations.services import customer_create
from apps.projects.models import Project
from apps.projects.services.creation import project_create
from apps.users.permissions import has_permission


def _prefixed(error: ValidationError, prefix: str) -> ValidationError:
    """A nested service's field errors, renamed to the intake form's fields (`name` of the new
    customer is the form's `customer_name`)."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError(
        {f"{prefix}{field}": messages for field, messages in error.message_dict.items()}
    )


@transaction.atomic
def project_intake(
    *,
    user,
    customer=None,
    new_customer: Mapping[str, Any] | None = None,
    contact=None,
    new_contact: Mapping[str, Any] | None = None,
    **project_fields: Any,
) -> Project:
    """Record an inquiry for an existing customer, or create the customer (and a contact) with it.

    The project is assigned to `user` unless `assigned_to` names a colleague. Everything happens
    in one transaction: if the project is refused, the new customer and contact
    are not kept either, so a failed intake never leaves an orphan customer behind.
    """
    if not has_permission(user, "projects.create"):
        raise PermissionDenied(gettext("Your role cannot record new inquiries."))
    if (customer is None) == (new_customer is None):
        raise ValidationError(
            {"customer_organization": gettext("Choose a customer or add a new one.")}
        )
    if new_customer is not None:
        if not has_permission(user, "customers.create"):
            raise PermissionDenied(gettext("Your role cannot add customers."))
        try:
            customer = customer_create(user=user, **new_customer)
        except ValidationError as error:
            raise _prefixed(error, "customer_") from None
    if new_contact is not None:
        if contact is not None:
            raise ValidationError(
                {"point_of_contact": gettext("Choose a contact or add a new one.")}
            )
        try:
            contact = contact_create(user=user, organization=customer, **new_contact)
        except ValidationError as error:
            raise _prefixed(error, "new_") from None
    # Somebody must own a new inquiry, or it waits unseen: the person who records it, unless
    # they chose a colleague.
    if project_fields.get("assigned_to") is None:
        project_fields["assigned_to"] = user
    return project_create(
        user=user, customer_organization=customer, point_of_contact=contact, **project_fields
    )
