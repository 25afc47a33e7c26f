"""A worker killed (SIGKILL) in the middle of a task: the broker delivers the task again to the
next worker (`acks_late`: acknowledged only when it ends; the Redis visibility timeout, short in
tests, decides when), and its effect happens once.

"In the middle" is made certain: the test holds a lock on the table the task reads, so the task
is blocked inside its transaction when the worker is killed. The workers use the prefork pool, as
deployed: there a task acknowledged early (without `acks_late`) is lost with its worker."""

import datetime

import psycopg
import pytest
from celery import current_app
from django.conf import settings
from django.db import connection
from django.utils import timezone

from apps.notifications.models import Notification
from apps.projects.models import ProgressStatus, ProjectSubStageProgress
from apps.projects.overdue import overdue_dedupe_key
from tests.organizations.factories import TenantFactory
from tests.projects.factories import ProjectSubStageProgressFactory
from tests.users.factories import UserFactory
from tests.workers import eventually, sent_mail, worker_database_url

pytestmark = pytest.mark.django_db(transaction=True)

OVERDUE_TENANT_TASK = "apps.projects.tasks.sub_stages_notify_overdue_tenant"


def waiting_for_the_lock(table: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = %s::regclass",
            [table],
        )
        return cursor.fetchone()[0] > 0


def test_visibility_timeout_comes_from_the_environment_and_is_short_in_tests():
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] == (
        settings.CELERY_VISIBILITY_TIMEOUT_SECONDS
    )
    assert settings.CELERY_VISIBILITY_TIMEOUT_SECONDS <= 10
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST


def test_a_task_whose_worker_is_killed_runs_again_and_its_effect_happens_once(
    start_worker, mail_dir
):
    tenant = TenantFactory()
    owner = UserFactory(organization=tenant, email="owner@killed.example")
    progress = ProjectSubStageProgressFactory(
        tenant=tenant,
        status=ProgressStatus.IN_PROGRESS,
        due_at=timezone.now() - datetime.timedelta(hours=1),
        assigned_to=owner,
    )
    table = ProjectSubStageProgress._meta.db_table
    first = start_worker(pool="prefork")  # as deployed: the task runs in a child process
    with psycopg.connect(worker_database_url()) as blocker:
        blocker.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
        current_app.send_task(OVERDUE_TENANT_TASK, kwargs={"organization_id": str(tenant.pk)})
        eventually(lambda: waiting_for_the_lock(table), "the task is blocked on the lock")

        first.kill()
        blocker.rollback()

    start_worker(pool="prefork")

    notices = Notification.objects.filter(user=owner, type="workflow")
    eventually(notices.exists, "the task was delivered again to the second worker")
    eventually(lambda: sent_mail(mail_dir), "the notice was e-mailed")
    assert [notice.dedupe_key for notice in notices] == [overdue_dedupe_key(progress)]
    assert len(sent_mail(mail_dir)) == 1
