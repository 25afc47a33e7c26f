"""Notifications: idempotent by dedupe key, local links only, read state coherent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.notifications.models import Notification
from tests.dbchecks import refused_by
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_dedupe_key_makes_scheduled_notifications_idempotent(admin_user, sales_user):
    key = "overdue:3f1c:2025-01-10"
    NotificationFactory(user=admin_user, dedupe_key=key)

    with refused_by("notifications_org_user_dedupe_key_unique"):
        NotificationFactory(user=admin_user, dedupe_key=key)
    NotificationFactory(user=sales_user, dedupe_key=key)  # another person
    NotificationFactory(user=admin_user, dedupe_key=None)
    NotificationFactory(user=admin_user, dedupe_key=None)  # no key, no collision

    assert Notification.objects.filter(user=admin_user).count() == 3


@pytest.mark.parametrize("field", ["type", "priority"])
def test_choice_columns_refuse_unknown_values(admin_user, field):
    with refused_by(f"notifications_{field}_valid"):
        NotificationFactory(user=admin_user, **{field: "bogus"})


@pytest.mark.parametrize(
    "url", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]
)
def test_action_url_is_a_local_path(admin_user, url):
    with refused_by("notifications_action_url_is_local"):
        NotificationFactory(user=admin_user, action_url=url)


def test_local_action_urls_are_fine(admin_user):
    NotificationFactory(user=admin_user, action_url="/projects/3f1c/")
    NotificationFactory(user=admin_user, action_url="/")
    NotificationFactory(user=admin_user, action_url="")


def test_read_state_and_expiry_are_coherent(admin_user):
    with refused_by("notifications_read_has_read_at"):
        NotificationFactory(user=admin_user, is_read=True)
    with refused_by("notifications_expires_after_created"):
        NotificationFactory(user=admin_user, expires_at=timezone.now() - timedelta(days=1))
