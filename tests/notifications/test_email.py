"""E-mail of high and urgent notifications: at most once, in the reader's language and timezone,
retried on transient failures, given up on refusals, and swept up when the queue missed it."""

import datetime
import smtplib

import pytest
from django.core import mail
from django.utils import timezone

from apps.notifications import mailing
from apps.notifications.email_tasks import notification_email_deliver
from apps.notifications.models import Notification
from tests.notifications import mailers
from tests.notifications.factories import NotificationFactory
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 1, 5, 1, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def flaky_mailer(settings):
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.mailers.FlakyBackend"}}
    settings.SITE_URL = "https://pulse.example.com"
    mailers.FAILURES.clear()
    yield mailers.FAILURES
    mailers.FAILURES.clear()


def deliver(notification, **kwargs):
    return mailing.notification_email_deliver(
        organization_id=notification.organization_id, notification_id=notification.pk, **kwargs
    )


def made_at(notification, moment):
    Notification.objects.filter(pk=notification.pk).update(created_at=moment)
    notification.refresh_from_db()
    return notification


@pytest.fixture
def reader(tenant):
    return UserFactory(
        organization=tenant,
        name="Nguyen Van A",
        email="nguyen@a.example.com",
        preferences={"language": "vi", "timezone": "Asia/Ho_Chi_Minh"},
    )


def test_only_high_and_urgent_notifications_are_emailed(reader):
    outcomes = [
        deliver(NotificationFactory(user=reader, priority=priority))
        for priority in ("low", "normal", "high", "urgent")
    ]

    assert outcomes == ["priority not e-mailed", "priority not e-mailed", "sent", "sent"]
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("[Factory Pulse] Khẩn cấp: ")  # the reader reads vi


def test_the_email_speaks_the_readers_language_and_timezone(reader, tenant):
    american = UserFactory(
        organization=tenant, preferences={"language": "en", "timezone": "America/Chicago"}
    )
    for user in (reader, american):
        notification = NotificationFactory(
            user=user, priority="high", title="P-25010001: Final inspection is overdue",
            action_url="/projects/3f1c/",
        )  # fmt: skip
        deliver(made_at(notification, NOW))

    vietnamese, english = (message.body for message in mail.outbox)
    assert "05/01/2026 08:30 (Asia/Ho_Chi_Minh)" in vietnamese
    assert "4 Jan 2026, 19:30 (America/Chicago)" in english
    assert mail.outbox[0].to == ["nguyen@a.example.com"]
    assert "Chào Nguyen Van A" in vietnamese
    assert "Hello" in english
    assert "https://pulse.example.com/projects/3f1c/" in vietnamese
    html, mime = mail.outbox[0].alternatives[0]
    assert mime == "text/html"
    assert '<html lang="vi">' in html


def test_a_title_with_markup_or_newlines_cannot_break_the_mail(reader):
    notification = NotificationFactory(
        user=reader, priority="high", title="<b>Drawing</b>\nBcc: x@evil.example"
    )

    deliver(notification)

    message = mail.outbox[0]
    assert "\n" not in message.subject
    assert "<b>Drawing</b>" not in message.alternatives[0][0]
    assert "&lt;b&gt;Drawing&lt;/b&gt;" in message.alternatives[0][0]


def test_delivering_twice_sends_one_email(reader):
    notification = NotificationFactory(user=reader, priority="urgent")

    assert deliver(notification) == "sent"
    assert deliver(notification) == "already sent"

    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None


def test_a_transient_failure_is_counted_then_the_retry_sends_once(reader, flaky_mailer):
    notification = NotificationFactory(user=reader, priority="high")
    flaky_mailer.append(smtplib.SMTPServerDisconnected("connection lost"))

    with pytest.raises(mailing.EmailDeliveryDeferred, match="connection lost"):
        deliver(notification)
    notification.refresh_from_db()
    assert (notification.email_attempts, notification.emailed_at, len(mail.outbox)) == (1, None, 0)

    assert deliver(notification) == "sent"
    assert len(mail.outbox) == 1


def test_the_task_retries_transient_failures_and_a_rerun_sends_nothing_more(reader, flaky_mailer):
    notification = NotificationFactory(user=reader, priority="high")
    flaky_mailer.extend([ConnectionRefusedError("smtp down"), smtplib.SMTPDataError(451, b"busy")])
    kwargs = {
        "notification_id": str(notification.pk),
        "organization_id": str(reader.organization_id),
    }

    first = notification_email_deliver.apply(kwargs=kwargs)  # fails twice, retried, sent
    duplicate = notification_email_deliver.apply(kwargs=kwargs)

    assert (first.get(), duplicate.get()) == ("sent", "already sent")
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.email_attempts == 2


def test_a_permanent_refusal_gives_up_for_good(reader, flaky_mailer, settings):
    notification = NotificationFactory(user=reader, priority="high")
    flaky_mailer.append(smtplib.SMTPRecipientsRefused({reader.email: (550, b"no such user")}))

    assert deliver(notification) == "refused"

    notification.refresh_from_db()
    assert notification.email_attempts == settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS
    assert deliver(notification) == "gave up"
    assert mail.outbox == []


def test_read_notifications_and_people_who_opted_out_get_no_email(reader, tenant):
    read = NotificationFactory(user=reader, priority="high", is_read=True, read_at=timezone.now())
    quiet = UserFactory(organization=tenant, preferences={"email_notifications": False})
    suspended = UserFactory(organization=tenant, status="suspended")

    assert deliver(read) == "already read"
    assert deliver(NotificationFactory(user=quiet, priority="high")) == (
        "recipient does not get e-mail"
    )
    assert deliver(NotificationFactory(user=suspended, priority="high")) == (
        "recipient does not get e-mail"
    )
    assert mail.outbox == []


def test_an_unknown_or_foreign_notification_is_a_no_op(reader, other_admin):
    foreign = NotificationFactory(user=other_admin, priority="high")

    outcome = mailing.notification_email_deliver(
        organization_id=reader.organization_id, notification_id=foreign.pk
    )

    assert outcome == "no such notification"
    assert mail.outbox == []


def test_the_sweep_sends_what_the_queue_missed_once(reader, tenant):
    now = timezone.now()
    missed = made_at(
        NotificationFactory(user=reader, priority="high"), now - datetime.timedelta(minutes=5)
    )
    just_made = NotificationFactory(user=reader, priority="urgent")  # its task still has time
    made_at(NotificationFactory(user=reader, priority="high"), now - datetime.timedelta(days=3))
    made_at(
        NotificationFactory(user=reader, priority="normal"), now - datetime.timedelta(minutes=5)
    )
    quiet = UserFactory(organization=tenant, preferences={"email_notifications": False})
    made_at(NotificationFactory(user=quiet, priority="high"), now - datetime.timedelta(minutes=5))

    first = mailing.notification_email_sweep(organization_id=tenant.pk, now=now)
    second = mailing.notification_email_sweep(organization_id=tenant.pk, now=now)

    assert dict(first) == {"sent": 1}
    assert dict(second) == {}
    assert len(mail.outbox) == 1
    missed.refresh_from_db()
    just_made.refresh_from_db()
    assert missed.emailed_at is not None
    assert just_made.emailed_at is None


def test_the_sweep_counts_a_deferred_delivery_and_carries_on(reader, tenant, flaky_mailer):
    past = timezone.now() - datetime.timedelta(minutes=5)
    for _ in range(2):
        made_at(NotificationFactory(user=reader, priority="high"), past)
    flaky_mailer.append(TimeoutError("smtp timed out"))

    outcome = mailing.notification_email_sweep(organization_id=tenant.pk)

    assert dict(outcome) == {"deferred": 1, "sent": 1}
    assert Notification.objects.filter(email_attempts=1, emailed_at__isnull=True).count() == 1
