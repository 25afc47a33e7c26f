"""The audit events of contacts: one function per kind, each writing one `activity_log` entry."""

from __future__ import annotations

from typing import Any

from apps.activity.models import ActivityAction, ActivityLog, EntityType
from apps.activity.services import activity_record
from apps.contacts.models import Contact
from apps.core.services import FieldChanges
from apps.organizations.models import Organization


def contact_created_event(*, user, contact: Contact, new_values: dict[str, Any]) -> ActivityLog:
    return _record(
        user=user,
        contact=contact,
        action=ActivityAction.CREATED,
        description=f"Added {contact.contact_name} at {contact.organization.name}",
        new_values=new_values,
    )


def contact_updated_event(*, user, contact: Contact, changes: FieldChanges) -> ActivityLog:
    return _record(
        user=user,
        contact=contact,
        action=ActivityAction.UPDATED,
        description=f"Edited {', '.join(changes.fields)} of {contact.contact_name}",
        old_values=changes.old_values,
        new_values=changes.new_values,
    )


def contact_deactivated_event(*, user, contact: Contact, was_primary: bool) -> ActivityLog:
    """Deactivating also clears the primary flag, so the entry says whether it was set."""
    return _record(
        user=user,
        contact=contact,
        action=ActivityAction.STATUS_CHANGED,
        description=f"Deactivated {contact.contact_name} at {contact.organization.name}",
        old_values={"is_active": True, "is_primary_contact": was_primary},
        new_values={"is_active": False, "is_primary_contact": False},
    )


def contact_made_primary_event(
    *, user, contact: Contact, company: Organization, previous_primary: Contact | None
) -> ActivityLog:
    instead = f" instead of {previous_primary.contact_name}" if previous_primary else ""
    return _record(
        user=user,
        contact=contact,
        action=ActivityAction.UPDATED,
        description=f"Made {contact.contact_name} the primary contact of {company.name}{instead}",
        old_values={
            "is_primary_contact": False,
            "previous_primary_contact": str(previous_primary.pk) if previous_primary else None,
        },
        new_values={"is_primary_contact": True},
    )


def _record(
    *, user, contact: Contact, action: ActivityAction, description: str, **values
) -> ActivityLog:
    return activity_record(
        organization_id=user.organization_id,
        user=user,
        action=action,
        entity_type=EntityType.CONTACT,
        entity_id=contact.pk,
        description=description,
        **values,
    )
