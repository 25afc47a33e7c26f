"""The notification jobs: the purge is queued per tenant and each purges its own; one tenant's
failure in the e-mail sweep's loop does not stop the others; beat runs them all."""

import datetime

import pytest
from celery.schedules import crontab
from django.utils import timezone

from apps.notifications import tasks
from apps.notifications.models import Notification
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def queued_for(task, monkeypatch) -> list:
    queued = []
    monkeypatch.setattr(task, "delay", lambda **kwargs: queued.append(kwargs["organization_id"]))
    return queued


def test_one_tenants_failure_does_not_stop_the_others(tenant, other_tenant):
    seen = []

    def work(organization_id):
        seen.append(organization_id)
        if organization_id == str(tenant.pk):
            raise RuntimeError("boom")
        return "done"

    results = tasks.for_each_tenant("test job", work)

    assert set(seen) == {str(tenant.pk), str(other_tenant.pk)}
    assert results == {str(other_tenant.pk): "done"}


def test_the_purge_is_queued_per_tenant_and_each_purges_its_own(
    tenant, other_tenant, sales_user, other_admin, monkeypatch
):
    soon = timezone.now() + datetime.timedelta(seconds=1)
    NotificationFactory(user=sales_user, expires_at=soon)
    theirs = NotificationFactory(user=other_admin, expires_at=soon)
    kept = NotificationFactory(user=sales_user)
    Notification.objects.update(created_at=timezone.now() - datetime.timedelta(days=1))
    Notification.objects.exclude(pk=kept.pk).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    queued = queued_for(tasks.notifications_purge_expired_tenant, monkeypatch)

    assert tasks.notifications_purge_expired.apply().get() == 2
    deleted = tasks.notifications_purge_expired_tenant.apply(
        kwargs={"organization_id": str(tenant.pk)}
    ).get()

    assert sorted(queued) == sorted([str(tenant.pk), str(other_tenant.pk)])
    assert deleted == 1
    assert set(Notification.objects.values_list("pk", flat=True)) == {kept.pk, theirs.pk}


def seconds_between_runs(schedule) -> float:
    """An int schedule is its interval; the crontab entries (the nightly backup) run once a day."""
    if isinstance(schedule, crontab):
        assert len(schedule.hour) == len(schedule.minute) == 1
        return 24 * 60 * 60
    return schedule


def test_the_beat_schedule_runs_the_notification_jobs(settings):
    tasks_scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert {
        "apps.notifications.tasks.notifications_email_sweep",
        "apps.projects.tasks.sub_stages_notify_overdue",
        "apps.notifications.tasks.notifications_purge_expired",
    } <= tasks_scheduled
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["options"]["expires"] <= seconds_between_runs(entry["schedule"])
