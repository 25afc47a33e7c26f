"""Telling people about a project's workflow: a notification that links to the project page."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from apps.notifications.models import NotificationPriority, NotificationType
from apps.notifications.services import notification_notify
from apps.projects.models import Project


def project_url(project: Project) -> str:
    return reverse("projects:detail", kwargs={"pk": project.pk})


def workflow_notify(
    project: Project,
    recipients: Iterable,
    *,
    actor,
    title,
    message="",
    priority: str = NotificationPriority.NORMAL,
) -> None:
    """A workflow notification about `project` to `recipients` (never to `actor`, who acted).
    A `for_reader` title or message is written in each recipient's language (notifications)."""
    notification_notify(
        organization_id=project.organization_id,
        recipients=recipients,
        exclude=actor,
        type=NotificationType.WORKFLOW,
        priority=priority,
        title=title,
        message=message,
        action_url=project_url(project),
    )
