"""A broker outage never breaks a page and loses nothing: the notification is stored with the
change that caused it, queuing its e-mail fails quietly after commit, and the beat sweep delivers
it later. With the broker up, the e-mail task is queued at commit.

`transaction=True`: queuing happens on commit of the request's own transaction.
"""

import datetime

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.notifications import tasks
from apps.notifications.models import Notification
from factorypulse.celery import app as celery_app
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

CLOSED_PORT_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def drop_broker_connections() -> None:
    """Make the app look its pools up again for the current URL (kombu keeps one pool per URL,
    shared: closing it would break later publishing)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    saved = celery_app.conf.broker_url
    celery_app.conf.broker_url = CLOSED_PORT_BROKER
    drop_broker_connections()
    yield
    celery_app.conf.broker_url = saved
    drop_broker_connections()


@pytest.fixture
def locmem_mail(settings):
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def engineer(tenant):
    return UserFactory(organization=tenant, role="engineering", email="engineer@a.example.com")


def send_urgent_message(client, sender, recipient):
    client.force_login(sender)
    return client.post(
        reverse("messaging:compose"),
        {"recipient": recipient.pk, "content": "Line 3 is down", "priority": "urgent"},
    )


def test_with_the_broker_down_the_request_succeeds_and_the_sweep_delivers_later(
    client, sales_user, engineer, broker_down, locmem_mail, caplog
):
    response = send_urgent_message(client, sales_user, engineer)

    assert response.status_code == 302
    notification = Notification.objects.get(user=engineer)
    assert (notification.priority, notification.emailed_at) == ("urgent", None)
    assert "Could not queue apps.notifications.tasks.notification_email_deliver" in caplog.text
    assert mail.outbox == []

    # A minute later the beat's sweep finds it (the grace period leaves it to the queue first).
    Notification.objects.filter(pk=notification.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=2)
    )
    swept = tasks.notifications_email_sweep.apply().get()
    swept_again = tasks.notifications_email_sweep.apply().get()

    assert swept == {str(engineer.organization_id): {"sent": 1}}
    assert swept_again == {str(engineer.organization_id): {}}
    assert [message.to for message in mail.outbox] == [[engineer.email]]
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_with_the_broker_up_the_email_task_is_queued_at_commit(client, sales_user, engineer):
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete("celery")

    send_urgent_message(client, sales_user, engineer)

    notification = Notification.objects.get(user=engineer)
    queued = [raw.decode() for raw in broker.lrange("celery", 0, -1)]
    mine = [raw for raw in queued if str(notification.pk) in raw]
    assert len(mine) == 1
    assert "apps.notifications.tasks.notification_email_deliver" in mine[0]
    broker.delete("celery")


def test_a_normal_notification_queues_no_email(client, sales_user, engineer):
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete("celery")
    client.force_login(sales_user)

    client.post(
        reverse("messaging:compose"),
        {"recipient": engineer.pk, "content": "Lunch?", "priority": "normal"},
    )

    assert Notification.objects.filter(user=engineer).count() == 1
    assert broker.llen("celery") == 0
