"""Drill: Redis hangs under the running app (SIGSTOP: connections are accepted, nothing is
answered, as with a hung server or a firewall that drops packets). Unlike a stopped Redis, which
refuses at once, only the socket timeouts stand between a request and waiting for ever: pages,
/health/ and writes that queue work still answer within seconds, and the sweep later sends the
e-mail that could not be queued, once.

A watchdog thaws Redis after WATCHDOG_SECONDS, so without those timeouts the drill fails on its
time bound instead of hanging the suite.
"""

from __future__ import annotations

import datetime
import threading

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.tenancy import tenant_context
from apps.messaging.models import Message
from apps.notifications.mailing import notification_email_deliver, notification_email_sweep
from apps.notifications.models import Notification
from apps.users.models import Role
from tests.drills.helpers import HTMX, SECONDS_PER_REQUEST, main_pages, timed

pytestmark = pytest.mark.django_db(transaction=True)

WATCHDOG_SECONDS = 15
# A publish to a hung broker connects twice (CELERY_BROKER_TRANSPORT_OPTIONS: max_retries 1), and
# each attempt gives up after its socket_timeout of 2 s: a write that queues work waits ~4 s.
PUBLISH_ON_HUNG_BROKER_SECONDS = 6.0


@pytest.fixture
def frozen_redis(app_on_private_redis):
    server = app_on_private_redis
    server.freeze()
    watchdog = threading.Timer(WATCHDOG_SECONDS, server.thaw)
    watchdog.start()
    yield server
    watchdog.cancel()
    server.thaw()


def test_with_redis_frozen_every_page_and_health_answer_within_seconds(client, floor, frozen_redis):
    client.force_login(floor["people"][Role.ADMIN])

    for url, headers in main_pages(floor):
        response, seconds = timed(lambda: client.get(url, **headers))  # noqa: B023

        assert (url, response.status_code) == (url, 200)
        assert seconds < SECONDS_PER_REQUEST, f"{url} took {seconds:.1f} s"
    health, health_seconds = timed(lambda: client.get(reverse("core:health")))
    assert health.status_code == 503
    assert health.json()["checks"]["redis"]["ok"] is False
    assert health_seconds < SECONDS_PER_REQUEST


def test_with_redis_frozen_writes_return_within_seconds_and_the_sweep_mails_once(
    client, floor, frozen_redis, mailoutbox
):
    people = floor["people"]
    sales, engineer = people[Role.SALES], people[Role.ENGINEERING]
    client.force_login(sales)

    urgent, message_seconds = timed(
        lambda: client.post(
            reverse("messaging:compose"),
            {"recipient": engineer.pk, "content": "Line 3 is down", "priority": "urgent"},
        )
    )
    client.force_login(people[Role.MANAGEMENT])
    refreshed, refresh_seconds = timed(lambda: client.post(reverse("dashboard:refresh"), **HTMX))

    assert (urgent.status_code, refreshed.status_code) == (302, 200)
    assert message_seconds < PUBLISH_ON_HUNG_BROKER_SECONDS, f"message: {message_seconds:.1f} s"
    assert refresh_seconds < PUBLISH_ON_HUNG_BROKER_SECONDS, f"refresh: {refresh_seconds:.1f} s"
    assert Message.objects.filter(content="Line 3 is down").count() == 1
    print(
        f"\nwrites with Redis frozen: message {message_seconds:.1f} s, "
        f"refresh (inline) {refresh_seconds:.1f} s"
    )

    frozen_redis.thaw()
    notification = Notification.objects.get(user=engineer, priority="urgent")
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=2)  # past the sweep's grace
    )
    organization_id = notification.organization_id
    with tenant_context(organization_id):
        swept = notification_email_sweep(organization_id=organization_id)
    # The publish that timed out may still reach Redis once it wakes: its task finds the mail sent.
    late_task = notification_email_deliver(
        organization_id=organization_id, notification_id=notification.pk
    )

    assert (swept, late_task) == ({"sent": 1}, "already sent")
    assert [message.to for message in mailoutbox] == [[engineer.email]]
