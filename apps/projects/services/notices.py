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
from apps.users.models import User


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


def recipients_by_language(recipients: Iterable) -> dict[str, list]:
    """The recipients (None skipped) grouped by the language they read. Recipients loaded
    without their preferences (`.only("id", ...)`) get them in one query, not one each."""
    people = [person for person in recipients if person is not None]
    deferred = [person.pk for person in people if "preferences" in person.get_deferred_fields()]
    if deferred:
        preferences = dict(User.objects.filter(pk__in=deferred).values_list("pk", "preferences"))
        for person in people:
            if person.pk in preferences:
                person.preferences = preferences[person.pk]
    by_language: dict[str, list] = defaultdict(list)
    for person in people:
        by_language[user_language(person)].append(person)
    return by_language


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
    for language, people in recipients_by_language(recipients).items():
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
