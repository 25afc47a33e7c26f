"""Changing a project's own fields, and cancelling it."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.approvals.models import OPEN_STATUSES as OPEN_APPROVAL_STATUSES
from apps.approvals.services import approval_cancel
from apps.core.i18n import for_reader
from apps.core.reasons import required_reason
from apps.notifications.models import NotificationPriority
from apps.projects import events
from apps.projects.models import Project, ProjectStatus
from apps.projects.services.creation import validate_project_relations
from apps.projects.services.notices import workflow_notify
from apps.projects.services.stages import project_lock
from apps.users.permissions import has_permission

# What the edit page may change. The code, the workflow and the stage are the engine's.
EDITABLE_FIELDS = (
    "title",
    "description",
    "customer_organization",
    "point_of_contact",
    "project_type",
    "intake_type",
    "intake_source",
    "priority_level",
    "requested_delivery_date",
    "promised_delivery_date",
    "estimated_delivery_date",
    "estimated_value",
    "actual_value",
    "assigned_to",
    "tags",
    "notes",
)


def _as_logged(value: Any) -> Any:
    """A JSON-safe form of a field value for the activity log."""
    if value is None or isinstance(value, str | int | bool | list):
        return value
    if isinstance(value, datetime.date | Decimal):
        return str(value)
    return str(getattr(value, "pk", value))


@transaction.atomic
def project_update(*, user, project_id, expected_version: int, data: Mapping[str, Any]) -> Project:
    """Change the fields in `data` (EDITABLE_FIELDS only).

    `expected_version` is the version the user's form was built from: if someone else saved the
    project since, the change is refused instead of silently overwriting theirs.
    """
    if not has_permission(user, "projects.edit"):
        raise PermissionDenied(gettext("Your role cannot edit projects."))
    project = project_lock(user=user, project_id=project_id)
    if project.version != expected_version:
        raise ValidationError(
            gettext(
                "Someone else changed this project while you were editing it. "
                "Reload the page to see their changes, then make yours again."
            )
        )
    if project.is_closed:
        raise ValidationError(
            gettext("The project is %(status)s.") % {"status": project.get_status_display().lower()}
        )
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            gettext("These fields cannot be edited: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )

    old_values, new_values = {}, {}
    for name, value in data.items():
        current = getattr(project, name)
        if current != value:
            old_values[name], new_values[name] = _as_logged(current), _as_logged(value)
            setattr(project, name, value)
    if not new_values:
        return project
    validate_project_relations(
        organization_id=project.organization_id,
        customer=project.customer_organization,
        contact=project.point_of_contact,
        assignee=project.assigned_to,
        customer_is_new="customer_organization" in new_values,
    )
    project.full_clean(exclude=["search_vector"], validate_unique=False)
    project.version += 1
    project.save(update_fields=[*new_values, "version", "updated_at"])
    events.project_updated_event(project, user=user, old_values=old_values, new_values=new_values)
    if "assigned_to" in new_values and project.assigned_to is not None:
        workflow_notify(
            project,
            [project.assigned_to],
            actor=user,
            title=for_reader(_("%(code)s is now yours"), code=project.project_id),
            message=project.title,
        )
    return project


@transaction.atomic
def project_cancel(*, user, project_id, reason: str, now=None) -> Project:
    """Cancel a running project; its open approvals are cancelled with it."""
    if not has_permission(user, "projects.cancel"):
        raise PermissionDenied(gettext("Only management may cancel a project."))
    reason = required_reason(reason, ask=gettext("Say why the project is cancelled."))
    project = project_lock(user=user, project_id=project_id)
    if project.is_closed:
        raise ValidationError(
            gettext("The project is already %(status)s.")
            % {"status": project.get_status_display().lower()}
        )
    # The approvals go first: releasing the sub-stages they held is work on a running project.
    _cancel_open_approvals(user=user, project=project, reason=reason, now=now or timezone.now())
    old_status = project.status
    project.status = ProjectStatus.CANCELLED
    project.version += 1
    project.save(update_fields=["status", "version", "updated_at"])
    events.project_cancelled_event(project, user=user, old_status=old_status, reason=reason)
    workflow_notify(
        project,
        [project.assigned_to, project.created_by],
        actor=user,
        priority=NotificationPriority.HIGH,
        title=for_reader(_("%(code)s was cancelled"), code=project.project_id),
        message=reason,
    )
    return project


def _cancel_open_approvals(*, user, project, reason, now) -> None:
    """A cancelled project needs no decisions: its open approvals leave every queue (through the
    approvals' own service, so each gets its history, activity and notices)."""
    open_ids = project.approvals.filter(status__in=OPEN_APPROVAL_STATUSES).values_list(
        "pk", flat=True
    )
    for approval_id in list(open_ids):
        approval_cancel(
            user=user, approval_id=approval_id, reason=f"Project cancelled: {reason}", now=now
        )
