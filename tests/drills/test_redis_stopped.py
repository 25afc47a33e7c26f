"""Drill: Redis stops under the running app. The cache, the Redis checks of /health/ and the Celery
broker all point at a private Redis, which the drill then stops: every page a signed-in user sees
still renders, every write still succeeds, and the work that could not be queued (the e-mail of a
high-priority notification) is sent by the sweep once Redis is back — once, nothing lost.

`transaction=True`: requests run in the middleware's own transaction, and queuing happens on its
commit.
"""

from __future__ import annotations

import datetime
import time

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from apps.approvals.models import ApprovalStatus
from apps.core.tenancy import tenant_context
from apps.notifications.mailing import notification_email_sweep
from apps.notifications.models import EMAILED_PRIORITIES, Notification
from apps.projects.models import ProgressStatus, ProjectSubStageProgress
from apps.users.models import Role
from tests.drills.helpers import (
    HTMX,
    SECONDS_PER_REQUEST,
    main_pages,
    queued_task_names,
    step_url,
    timed,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_with_redis_stopped_every_page_renders_within_seconds(client, floor, app_on_private_redis):
    people = floor["people"]
    app_on_private_redis.stop()
    slowest = 0.0

    for user in (people[Role.ADMIN], people[Role.ENGINEERING]):
        client.force_login(user)
        for url, headers in main_pages(floor):
            response, seconds = timed(lambda: client.get(url, **headers))  # noqa: B023

            assert (url, user.role, response.status_code) == (url, user.role, 200)
            assert seconds < SECONDS_PER_REQUEST, f"{url} took {seconds:.1f} s"
            slowest = max(slowest, seconds)
    client.force_login(people[Role.ADMIN])  # the checks are shown to admins only
    health = client.get(reverse("core:health")).json()["checks"]["redis"]
    assert health["ok"] is False  # the app's Redis was down all along

    print(f"\nslowest page with Redis stopped: {slowest * 1000:.0f} ms")


def test_with_redis_stopped_health_says_so_quickly_instead_of_failing(
    client, db, app_on_private_redis, settings
):
    settings.HEALTH_TOKEN = "drill-monitor"  # the checks are shown to a monitor with the token
    app_on_private_redis.stop()

    response, seconds = timed(
        lambda: client.get(reverse("core:health"), HTTP_AUTHORIZATION="Bearer drill-monitor")
    )

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"]["ok"] is True
    assert checks["redis"]["ok"] is False
    assert seconds < SECONDS_PER_REQUEST


def test_with_redis_stopped_the_cache_misses_instead_of_raising(db, app_on_private_redis):
    cache.set("drill:key", "kept")
    assert cache.get("drill:key") == "kept"  # the cache really is this Redis
    app_on_private_redis.stop()

    started = time.perf_counter()
    cache.set("drill:key", "lost")
    value = cache.get("drill:key", "missed")
    assert cache.get_or_set("drill:other", "computed") == "computed"
    assert time.perf_counter() - started < SECONDS_PER_REQUEST

    assert value == "missed"


def test_with_redis_stopped_writes_succeed_and_the_sweep_mails_what_could_not_be_queued(
    client, floor, app_on_private_redis, caplog
):
    people, project, approval = floor["people"], floor["project"], floor["approval"]
    sales, engineer = people[Role.SALES], people[Role.ENGINEERING]
    outage_started = timezone.now()
    app_on_private_redis.stop()

    client.force_login(sales)
    started, _ = timed(lambda: client.post(step_url(project, "collect_documents", "start"), **HTMX))
    completed, complete_seconds = timed(
        lambda: client.post(step_url(project, "collect_documents", "complete"), **HTMX)
    )
    urgent, message_seconds = timed(
        lambda: client.post(
            reverse("messaging:compose"),
            {"recipient": engineer.pk, "content": "Line 3 is down", "priority": "urgent"},
        )
    )
    client.force_login(engineer)
    decided, decide_seconds = timed(
        lambda: client.post(
            reverse("approvals:approve", kwargs={"pk": approval.pk}),
            {"comments": "Price checked", "fragment": "row"},
            **HTMX,
        )
    )
    client.force_login(people[Role.MANAGEMENT])
    refreshed, refresh_seconds = timed(lambda: client.post(reverse("dashboard:refresh"), **HTMX))

    assert [r.status_code for r in (started, completed, urgent, decided, refreshed)] == [
        200, 200, 302, 200, 200,
    ]  # fmt: skip
    assert max(complete_seconds, message_seconds, decide_seconds) < SECONDS_PER_REQUEST
    assert refresh_seconds < SECONDS_PER_REQUEST
    progress = ProjectSubStageProgress.objects.get(
        project=project, sub_stage__slug="collect_documents"
    )
    assert progress.status == ProgressStatus.COMPLETED
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.APPROVED
    unsent = list(
        Notification.objects.filter(created_at__gte=outage_started, priority__in=EMAILED_PRIORITIES)
    )
    assert [(n.user, n.priority, n.emailed_at) for n in unsent] == [(engineer, "urgent", None)]
    assert "Could not queue apps.notifications.tasks.notification_email_deliver" in caplog.text
    print(
        f"\nwrites with Redis stopped: complete {complete_seconds * 1000:.0f} ms, "
        f"message {message_seconds * 1000:.0f} ms, decide {decide_seconds * 1000:.0f} ms, "
        f"refresh (inline) {refresh_seconds * 1000:.0f} ms"
    )

    # Redis is back: the app queues again without a restart, and the sweep sends what was missed.
    app_on_private_redis.start()
    client.force_login(sales)
    client.post(
        reverse("messaging:compose"),
        {"recipient": engineer.pk, "content": "Line 3 runs again", "priority": "urgent"},
    )
    assert any("notification_email_deliver" in task for task in queued_task_names(
        app_on_private_redis
    ))  # fmt: skip
    Notification.objects.filter(pk__in=[n.pk for n in unsent]).update(
        created_at=timezone.now() - datetime.timedelta(minutes=2)  # past the sweep's grace
    )
    with tenant_context(floor["project"].organization_id):
        swept = notification_email_sweep(organization_id=project.organization_id)
        swept_again = notification_email_sweep(organization_id=project.organization_id)

    assert (swept, swept_again) == ({"sent": 1}, {})
    assert [(m.to, "Line 3 is down" in m.body) for m in mail.outbox] == [([engineer.email], True)]
