"""Telling people about a project's workflow: a notification that links to the project page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.urls import reverse
from django.utils import translation

from apps.notifications.models import NotificationPriority, NotificationType
from apps.notifications.services import notification_notify
from apps.projects.models import Project
from apps.users.locale import user_language


class NoticeText:
    """A notification's text, written in each recipient's language: `message` (a lazy
    translation with named placeholders) is translated and filled in when it is read."""

    def __init__(self, message, **params):
        self.message = message
        self.params = params

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)


def project_url(project: Project) -> str:
    return reverse("projects:detail", kwargs={"pk": project.pk})


def workflow_notify(
    project: Project,
    recipients: Iterable,
    *,
    actor,
    title: str | NoticeText,
    message: str | NoticeText = "",
    priority: str = NotificationPriority.NORMAL,
) -> None:
    """A workflow notification about `project` to `recipients` (never to `actor`, who acted),
    its title and message in each recipient's language."""
    by_language: dict[str, list] = defaultdict(list)
    for recipient in recipients:
        if recipient is not None:
            by_language[user_language(recipient)].append(recipient)
    for language, people in by_language.items():
        with translation.override(language):
            notification_notify(
                organization_id=project.organization_id,
                recipients=people,
                exclude=actor,
                type=NotificationType.WORKFLOW,
                priority=priority,
                title=str(title),
                message=str(message),
                action_url=project_url(project),
            )
