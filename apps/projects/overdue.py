"""Telling owners that their sub-stage is overdue, once per sub-stage and due date.

The scheduled job looks only at sub-stages that fell due within `OVERDUE_LOOKBACK_HOURS` (an
index range on `(organization_id, status, due_at)`), not at every overdue row ever: anything older
was announced by an earlier run. The dedupe key holds the progress id and its due date, so running
again changes nothing, and a sub-stage given a new due date that it misses again is announced
again.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from apps.core.i18n import for_reader
from apps.notifications.models import Notification, NotificationPriority, NotificationType
from apps.notifications.services import NewNotification, notifications_create
from apps.projects.models import CLOSED_PROJECT, ProgressStatus, ProjectSubStageProgress
from apps.users.locale import local_datetime_text
from apps.users.models import UserStatus

UNFINISHED = (
    ProgressStatus.PENDING,
    ProgressStatus.IN_PROGRESS,
    ProgressStatus.IN_REVIEW,
    ProgressStatus.BLOCKED,
)


def overdue_dedupe_key(progress: ProjectSubStageProgress) -> str:
    return f"overdue:{progress.pk}:{progress.due_at:%Y%m%dT%H%M}"


def overdue_owner(progress: ProjectSubStageProgress):
    """Who is told: the sub-stage's assignee, else the project's (when active)."""
    for user in (progress.assigned_to, progress.project.assigned_to):
        if user is not None and user.status == UserStatus.ACTIVE:
            return user
    return None


def sub_stages_notify_overdue(
    *, organization_id, now: datetime.datetime | None = None
) -> list[Notification]:
    """Notify the owners of the tenant's sub-stages that became overdue. Idempotent."""
    now = now or timezone.now()
    since = now - datetime.timedelta(hours=settings.OVERDUE_LOOKBACK_HOURS)
    overdue = (
        ProjectSubStageProgress.objects.filter(
            organization_id=organization_id,
            status__in=UNFINISHED,
            due_at__gt=since,
            due_at__lte=now,
        )
        .exclude(project__status__in=CLOSED_PROJECT)
        .select_related("project", "sub_stage", "assigned_to", "project__assigned_to")
        .order_by("due_at")
    )
    rows = []
    for progress in overdue:
        owner = overdue_owner(progress)
        if owner is None:
            continue
        project = progress.project
        rows.append(
            NewNotification(
                user_id=owner.pk,
                type=NotificationType.WORKFLOW,
                priority=NotificationPriority.HIGH,
                title=for_reader(
                    gettext_lazy("%(project)s: %(sub_stage)s is overdue"),
                    project=project.project_id,
                    sub_stage=progress.sub_stage.name,
                ),
                message=for_reader(
                    gettext_lazy("%(sub_stage)s of “%(title)s” was due %(when)s."),
                    sub_stage=progress.sub_stage.name,
                    title=project.title,
                    when=local_datetime_text(owner, progress.due_at),
                ),
                action_url=reverse("projects:detail", kwargs={"pk": project.pk}),
                dedupe_key=overdue_dedupe_key(progress),
                reader=owner,
            )
        )
    return notifications_create(organization_id=organization_id, rows=rows)
