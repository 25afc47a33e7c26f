"""What each beat job must do, checked in the database after a real worker ran it.

`BEAT_EFFECTS` maps the task of every `CELERY_BEAT_SCHEDULE` entry to its check; a new entry fails
`test_every_beat_entry_has_an_effect_check` until its check is added here (one entry). A check
makes the data the job must act on, runs the job through the broker (`job.run()`, which returns
once the job and every tenant's part of it recorded a success), asserts the effect, and, where
the job must act once, runs it again and asserts nothing more happened.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from apps.approvals.models import Approval, ApprovalStatus
from apps.approvals.services import approval_delegate
from apps.core import health
from apps.dashboard.analytics import MATERIALIZED_VIEWS
from apps.dashboard.models import DashboardRefreshLog
from apps.notifications.models import Notification
from apps.operations.backup_sets import backup_sets, newest_intact_set
from apps.operations.kpis import KPI_DEFINITIONS
from apps.operations.models import KpiSample
from apps.projects.models import ProgressStatus
from apps.projects.overdue import overdue_dedupe_key
from apps.users.models import Role
from tests.approvals.helpers import act, ask, by_user, fresh
from tests.notifications.factories import NotificationFactory
from tests.organizations.factories import TenantFactory
from tests.projects.factories import ProjectFactory, ProjectSubStageProgressFactory
from tests.users.factories import UserFactory
from tests.workers import sent_mail, worker_backup_dir

HOUR = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class BeatJob:
    run: Callable[[], None]
    mail_dir: Path


def heartbeat_recorded(job: BeatJob) -> None:
    health.redis_client().delete(health.HEARTBEAT_KEY)

    job.run()

    assert health.check_beat_heartbeat()["ok"] is True


def dashboard_views_refreshed(job: BeatJob) -> None:
    long_ago = timezone.now() - datetime.timedelta(days=1)
    DashboardRefreshLog.objects.update(refreshed_at=long_ago)

    job.run()

    refreshed = DashboardRefreshLog.objects.filter(refreshed_at__gt=long_ago)
    assert sorted(refreshed.values_list("view_name", flat=True)) == sorted(
        view.name for view in MATERIALIZED_VIEWS
    )


def high_priority_notification_emailed_once(job: BeatJob) -> None:
    reader = UserFactory(organization=TenantFactory(), email="reader@sweep.example")
    notification = NotificationFactory(user=reader, priority="high", title="Line 3 stopped")
    missed_by_its_task = timezone.now() - datetime.timedelta(minutes=5)
    Notification.objects.filter(pk=notification.pk).update(created_at=missed_by_its_task)

    job.run()
    emailed_at = Notification.objects.get(pk=notification.pk).emailed_at
    job.run()

    assert emailed_at is not None
    assert Notification.objects.get(pk=notification.pk).emailed_at == emailed_at
    mail = sent_mail(job.mail_dir)
    assert len(mail) == 1
    assert "To: reader@sweep.example" in mail[0] and "Line 3 stopped" in mail[0]


def overdue_sub_stage_notified_once(job: BeatJob) -> None:
    tenant = TenantFactory()
    owner = UserFactory(organization=tenant, email="owner@overdue.example")
    progress = ProjectSubStageProgressFactory(
        tenant=tenant,
        status=ProgressStatus.IN_PROGRESS,
        due_at=timezone.now() - HOUR,
        assigned_to=owner,
    )
    notices = Notification.objects.filter(user=owner, dedupe_key=overdue_dedupe_key(progress))

    job.run()
    first = notices.count()
    job.run()

    assert (first, notices.count()) == (1, 1)


def expired_notifications_purged(job: BeatJob) -> None:
    reader = UserFactory(organization=TenantFactory())
    expired = NotificationFactory(user=reader, expires_at=timezone.now() + HOUR)
    kept = NotificationFactory(user=reader)
    Notification.objects.filter(pk=expired.pk).update(
        created_at=timezone.now() - 2 * HOUR, expires_at=timezone.now() - HOUR
    )

    job.run()

    assert list(Notification.objects.filter(user=reader).values_list("pk", flat=True)) == [kept.pk]


def approval_past_sla_escalated_once_and_ended_delegation_handed_back(job: BeatJob) -> None:
    tenant = TenantFactory()
    chief = UserFactory(organization=tenant, role=Role.ENGINEERING, email="chief@sla.example")
    engineer = UserFactory(
        organization=tenant, role=Role.ENGINEERING, email="eng@sla.example", direct_manager=chief
    )
    sales = UserFactory(organization=tenant, role=Role.SALES, email="sales@sla.example")
    qa = UserFactory(organization=tenant, role=Role.QA, email="qa@sla.example")
    late = ask(sales, ProjectFactory(organization=tenant), by_user(engineer), title="Past SLA")
    Approval.objects.filter(pk=late.pk).update(sla_due_at=late.requested_at)
    delegated = ask(sales, ProjectFactory(organization=tenant), by_user(engineer), title="Handed")
    act(engineer, approval_delegate, approval_id=delegated.pk, delegate=qa,
        until=timezone.now() + HOUR)  # fmt: skip
    Approval.objects.filter(pk=delegated.pk).update(
        requested_at=timezone.now() - 3 * HOUR, delegated_until=timezone.now() - HOUR
    )

    job.run()
    job.run()

    late = fresh(late)
    assert (late.status, late.escalation_level, late.escalated_to) == (
        ApprovalStatus.ESCALATED, 1, chief,
    )  # fmt: skip
    assert late.history.filter(action="escalate").count() == 1
    delegated = fresh(delegated)
    assert delegated.status == ApprovalStatus.PENDING
    assert delegated.history.filter(action="reassign").count() == 1


def database_backed_up_once(job: BeatJob) -> None:
    ProjectFactory()
    backup_dir = worker_backup_dir(job.mail_dir)

    job.run()
    job.run()  # the same night again (a re-delivered task): no second set

    newest = newest_intact_set(backup_dir)
    assert newest is not None
    _, manifest = newest
    assert manifest["tables"]["public.projects"] >= 1  # the project made above is in it
    assert len(backup_sets(backup_dir)) == 1


def kpis_sampled(job: BeatJob) -> None:
    KpiSample.objects.all().delete()

    job.run()

    sampled = dict(KpiSample.objects.values_list("kpi", "value"))
    assert {definition.key for definition in KPI_DEFINITIONS} <= set(sampled)
    assert sampled["db_connections"] >= 1  # the worker's own connection at least
    assert sampled["database_size_bytes"] > 0


BEAT_EFFECTS: dict[str, Callable[[BeatJob], None]] = {
    "apps.core.tasks.record_heartbeat": heartbeat_recorded,
    "apps.dashboard.tasks.refresh_dashboard_views": dashboard_views_refreshed,
    "apps.notifications.tasks.notifications_email_sweep": high_priority_notification_emailed_once,
    "apps.projects.tasks.sub_stages_notify_overdue": overdue_sub_stage_notified_once,
    "apps.notifications.tasks.notifications_purge_expired": expired_notifications_purged,
    "apps.approvals.tasks.approvals_sweep_all_tenants": (
        approval_past_sla_escalated_once_and_ended_delegation_handed_back
    ),
    "apps.operations.tasks.backup_database_nightly": database_backed_up_once,
    "apps.operations.tasks.kpis_record_samples": kpis_sampled,
}
