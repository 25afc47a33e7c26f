"""Creating notifications (one per person, never the actor, deduplicated by key), read state,
expiry and the purge, through the services as the app role."""

import datetime

import pytest
from django.utils import timezone

from apps.core.tenancy import tenant_context
from apps.notifications import services
from apps.notifications.models import Notification, NotificationPriority, NotificationType
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def notify(user, **kwargs):
    with tenant_context(user.organization_id, user):
        return services.notification_notify(
            organization_id=user.organization_id,
            **{"type": "workflow", "title": "P-1: review is yours", **kwargs},
        )


def test_one_notification_per_distinct_recipient_and_never_the_actor(admin_user, sales_user):
    created = notify(
        admin_user,
        recipients=[sales_user, None, sales_user, admin_user],
        exclude=admin_user,
        action_url="/projects/",
    )

    assert [n.user_id for n in created] == [sales_user.pk]
    row = Notification.objects.get()
    assert (row.user, row.title, row.action_url, row.is_read) == (
        sales_user,
        "P-1: review is yours",
        "/projects/",
        False,
    )


def test_a_dedupe_key_makes_a_second_notify_a_no_op(admin_user, sales_user):
    first = notify(admin_user, recipients=[sales_user], dedupe_key="overdue:x:1")
    second = notify(admin_user, recipients=[sales_user, admin_user], dedupe_key="overdue:x:1")

    assert len(first) == 1
    assert [n.user_id for n in second] == [admin_user.pk]  # only the one not yet told
    assert Notification.objects.filter(dedupe_key="overdue:x:1").count() == 2


def test_notifications_expire_after_the_configured_time_unless_given_their_own(
    admin_user, settings
):
    settings.NOTIFICATION_TTL_DAYS = 30
    own_expiry = timezone.now() + datetime.timedelta(days=2)

    [default] = notify(admin_user, recipients=[admin_user])
    [custom] = notify(admin_user, recipients=[admin_user], expires_at=own_expiry)

    assert default.expires_at - timezone.now() > datetime.timedelta(days=29)
    assert default.expires_at - timezone.now() <= datetime.timedelta(days=30)
    assert custom.expires_at == own_expiry


def test_long_titles_and_messages_are_cut_to_fit(admin_user):
    [row] = notify(admin_user, recipients=[admin_user], title="T" * 400, message="m" * 5000)

    row.refresh_from_db()
    assert len(row.title) == 255
    assert len(row.message) == services.MESSAGE_MAX


def test_mark_read_sets_the_time_once(admin_user):
    notification = NotificationFactory(user=admin_user)

    with tenant_context(admin_user.organization_id, admin_user):
        services.notification_mark_read(notification=notification)
        first_read_at = notification.read_at
        services.notification_mark_read(notification=notification)

    notification.refresh_from_db()
    assert notification.is_read
    assert notification.read_at == first_read_at


def test_mark_all_read_touches_only_the_users_own(admin_user, sales_user):
    NotificationFactory.create_batch(3, user=admin_user)
    NotificationFactory(user=sales_user)

    with tenant_context(admin_user.organization_id, admin_user):
        marked = services.notifications_mark_all_read(user=admin_user)

    assert marked == 3
    assert not Notification.objects.filter(user=admin_user, is_read=False).exists()
    assert Notification.objects.filter(user=sales_user, is_read=False).count() == 1


def test_purge_deletes_only_the_tenants_expired_notifications(admin_user, other_admin):
    now = timezone.now()
    expired = NotificationFactory(user=admin_user, expires_at=now + datetime.timedelta(hours=1))
    kept = NotificationFactory(user=admin_user, expires_at=now + datetime.timedelta(days=3))
    no_expiry = NotificationFactory(user=admin_user, expires_at=None)
    foreign = NotificationFactory(user=other_admin, expires_at=now + datetime.timedelta(hours=1))
    later = now + datetime.timedelta(hours=2)

    with tenant_context(admin_user.organization_id):
        deleted = services.notifications_purge_expired(
            organization_id=admin_user.organization_id, now=later
        )

    assert deleted == 1
    remaining = set(Notification.objects.values_list("pk", flat=True))
    assert expired.pk not in remaining
    assert {kept.pk, no_expiry.pk, foreign.pk} <= remaining


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("type", "workflw", "Unknown notification type 'workflw'"),
        ("priority", "asap", "Unknown notification priority 'asap'"),
    ],
)
def test_an_unknown_type_or_priority_is_refused_before_any_query(
    admin_user, field, value, message, django_assert_num_queries
):
    with django_assert_num_queries(0), pytest.raises(ValueError, match=message):
        services.notification_notify(
            organization_id=admin_user.organization_id,
            recipients=[],
            **{"type": "workflow", "title": "P-1: review is yours", field: value},
        )
    with pytest.raises(ValueError, match=message):  # a scheduled job's rows are checked too
        services.NewNotification(
            user_id=admin_user.pk, **{"type": "workflow", "title": "Overdue", field: value}
        )


def test_the_choices_themselves_are_accepted(admin_user, sales_user):
    created = notify(
        admin_user,
        recipients=[sales_user],
        type=NotificationType.APPROVAL,
        priority=NotificationPriority.LOW,
    )

    assert (created[0].type, created[0].priority) == ("approval", "low")
