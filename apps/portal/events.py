"""The portal's audit events: one function per kind. The actor of a portal action is the contact's
own account, so the activity log names the contact."""

from __future__ import annotations

from apps.activity.models import ActivityAction, ActivityLog, EntityType
from apps.activity.services import activity_record
from apps.portal.models import PortalMessage


def portal_account_invited_event(*, user, account) -> ActivityLog:
    return activity_record(
        organization_id=account.organization_id,
        user=user,
        action=ActivityAction.CREATED,
        entity_type=EntityType.USER,
        entity_id=account.pk,
        description=f"Invited {account.name} to the customer portal",
        new_values={"email": account.email, "contact_id": str(account.contact_id)},
    )


def portal_account_revoked_event(*, user, account) -> ActivityLog:
    return activity_record(
        organization_id=account.organization_id,
        user=user,
        action=ActivityAction.STATUS_CHANGED,
        entity_type=EntityType.USER,
        entity_id=account.pk,
        description=f"Revoked the portal access of {account.name}",
        new_values={"status": account.status},
    )


def portal_message_sent_event(*, user, message: PortalMessage) -> ActivityLog:
    who = "the customer" if message.from_customer else "the factory"
    return activity_record(
        organization_id=message.organization_id,
        user=user,
        action=ActivityAction.MESSAGE_SENT,
        entity_type=EntityType.MESSAGE,
        entity_id=message.pk,
        project=message.project,
        description=f"Portal message from {who}",
    )
