"""The portal's audit events: one function per kind. The actor of a portal action is the contact's
own account, so the activity log names the contact."""

from __future__ import annotations

from apps.activity.models import ActivityAction, ActivityLog, EntityType
from apps.activity.services import activity_record
from apps.portal.models import DecisionKind, PortalDecision, PortalMessage


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


def portal_decision_made_event(*, user, decision: PortalDecision) -> ActivityLog:
    """The contact's accept or reject, written by the portal role with the contact as actor."""
    verb = "accepted" if decision.decision == DecisionKind.ACCEPT else "rejected"
    return activity_record(
        organization_id=decision.organization_id,
        user=user,
        action=ActivityAction.COMMENTED,
        entity_type=EntityType.PROJECT,
        entity_id=decision.project_id,
        project=decision.project,
        description=f"The customer {verb} the quote in the portal",
        new_values={"decision": decision.decision, "comment": decision.comment},
    )
