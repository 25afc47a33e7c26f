"""Overdue sub-stages: their owner is told once per sub-stage and due date, by a task per tenant
in its own tenant context, which beat queues for every active tenant."""

import datetime

import pytest
from django.utils import timezone

from apps.core.tenancy import tenant_context
from apps.notifications.models import Notification
from apps.projects import overdue, tasks
from apps.projects.models import ProgressStatus, ProjectStatus
from tests.projects.factories import ProjectFactory, ProjectSubStageProgressFactory
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()
HOUR = datetime.timedelta(hours=1)


def sub_stage(tenant, *, due_at, status=ProgressStatus.IN_PROGRESS, **kwargs):
    return ProjectSubStageProgressFactory(tenant=tenant, status=status, due_at=due_at, **kwargs)


def run(tenant, now=NOW):
    with tenant_context(tenant):
        return overdue.sub_stages_notify_overdue(organization_id=tenant.pk, now=now)


def test_the_owner_of_a_sub_stage_that_fell_due_is_told_once(tenant, sales_user):
    progress = sub_stage(tenant, due_at=NOW - HOUR, assigned_to=sales_user)

    first = run(tenant)
    second = run(tenant, now=NOW + HOUR)

    assert len(first) == 1
    assert second == []
    notification = Notification.objects.get()
    assert notification.user == sales_user
    assert notification.priority == "high"
    assert notification.dedupe_key == overdue.overdue_dedupe_key(progress)
    assert notification.title == (
        f"{progress.project.project_id}: {progress.sub_stage.name} is overdue"
    )
    assert notification.action_url == f"/projects/{progress.project_id}/"


def test_the_due_time_is_written_in_the_owners_timezone(tenant):
    owner = UserFactory(
        organization=tenant, preferences={"timezone": "America/Chicago", "language": "en"}
    )
    due = datetime.datetime(2026, 1, 5, 1, 30, tzinfo=datetime.UTC)
    sub_stage(tenant, due_at=due, assigned_to=owner)

    run(tenant, now=due + HOUR)

    assert "4 Jan 2026, 19:30 (America/Chicago)" in Notification.objects.get().message


def test_a_new_due_date_missed_again_is_told_again(tenant, sales_user):
    progress = sub_stage(tenant, due_at=NOW - 2 * HOUR, assigned_to=sales_user)
    run(tenant)

    progress.due_at = NOW - HOUR
    progress.save(update_fields=["due_at"])
    run(tenant)

    assert Notification.objects.filter(user=sales_user).count() == 2


def test_without_an_assignee_the_project_owner_is_told(tenant, sales_user):
    project = ProjectFactory(tenant=tenant, assigned_to=sales_user)
    sub_stage(tenant, due_at=NOW - HOUR, project=project)
    suspended = UserFactory(organization=tenant, status="suspended")
    sub_stage(tenant, due_at=NOW - HOUR, project=project, assigned_to=suspended)

    run(tenant)

    assert list(Notification.objects.values_list("user_id", flat=True)) == [sales_user.pk] * 2


def test_finished_work_closed_projects_future_and_long_overdue_rows_are_left_alone(
    tenant, sales_user, settings
):
    settings.OVERDUE_LOOKBACK_HOURS = 48
    sub_stage(tenant, due_at=NOW + HOUR, assigned_to=sales_user)
    sub_stage(
        tenant, due_at=NOW - HOUR, assigned_to=sales_user, status=ProgressStatus.COMPLETED,
        started_at=NOW - 3 * HOUR, completed_at=NOW - 2 * HOUR,
    )  # fmt: skip
    sub_stage(tenant, due_at=NOW - HOUR, assigned_to=sales_user, status=ProgressStatus.SKIPPED)
    cancelled = ProjectFactory(tenant=tenant, status=ProjectStatus.CANCELLED)
    sub_stage(tenant, due_at=NOW - HOUR, assigned_to=sales_user, project=cancelled)
    sub_stage(tenant, due_at=NOW - 49 * HOUR, assigned_to=sales_user)  # told long ago
    blocked = sub_stage(
        tenant, due_at=NOW - HOUR, assigned_to=sales_user, status=ProgressStatus.BLOCKED,
        blocked_reason="Steel held at the port",
    )  # fmt: skip

    created = run(tenant)

    assert [n.dedupe_key for n in created] == [overdue.overdue_dedupe_key(blocked)]


def queued_for(task, monkeypatch) -> list:
    queued = []
    monkeypatch.setattr(task, "delay", lambda **kwargs: queued.append(kwargs["organization_id"]))
    return queued


def test_the_beat_task_queues_one_overdue_check_per_active_tenant(
    tenant, other_tenant, monkeypatch
):
    from tests.organizations.factories import TenantFactory

    TenantFactory(is_active=False)
    queued = queued_for(tasks.sub_stages_notify_overdue_tenant, monkeypatch)

    assert tasks.sub_stages_notify_overdue.apply().get() == 2
    assert sorted(queued) == sorted([str(tenant.pk), str(other_tenant.pk)])


def test_the_tenant_task_notifies_only_its_own_tenant_once(
    tenant, other_tenant, sales_user, other_admin
):
    sub_stage(tenant, due_at=timezone.now() - HOUR, assigned_to=sales_user)
    sub_stage(other_tenant, due_at=timezone.now() - HOUR, assigned_to=other_admin)
    kwargs = {"organization_id": str(tenant.pk)}

    first = tasks.sub_stages_notify_overdue_tenant.apply(kwargs=kwargs).get()
    again = tasks.sub_stages_notify_overdue_tenant.apply(kwargs=kwargs).get()

    assert (first, again) == (1, 0)
    assert list(Notification.objects.values_list("organization_id", "user_id")) == [
        (tenant.pk, sales_user.pk)
    ]
