"""Management's "refresh now": permission, POST only, queued through the real broker, and done
inline (never an error page) when the broker is down. Plus the beat schedule and the task."""

import datetime
import html
import json
import re
import threading

import pytest
import redis
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from apps.core.tasks import TenantTask
from apps.dashboard.models import DashboardRefreshLog
from apps.dashboard.tasks import refresh_dashboard_views
from apps.users.models import Role
from factorypulse.celery import app as celery_app
from tests.dashboard.test_refresh import WAIT, hold_refresh_lock
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
TASK_NAME = "apps.dashboard.tasks.refresh_dashboard_views"


@pytest.fixture
def manager(tenant):
    return UserFactory(organization=tenant, role=Role.MANAGEMENT, email="manager@a.example.com")


def broker() -> redis.Redis:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


def queued_refreshes() -> list[dict]:
    messages = [json.loads(raw) for raw in broker().lrange("celery", 0, -1)]
    return [message["headers"] for message in messages
            if message["headers"]["task"] == TASK_NAME]  # fmt: skip


@pytest.fixture
def empty_queue():
    broker().delete("celery")
    yield
    broker().delete("celery")


@pytest.fixture
def broker_down():
    """Point the Celery app at a port where nothing listens (a real connection refusal)."""
    saved = celery_app.conf.broker_url
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    celery_app.amqp._producer_pool = None
    yield
    celery_app.conf.broker_url = saved
    celery_app.amqp._producer_pool = None


def last_refresh():
    return DashboardRefreshLog.objects.order_by("refreshed_at").last().refreshed_at


def test_refresh_needs_the_refresh_permission(client, sales_user, empty_queue):
    client.force_login(sales_user)

    response = client.post(reverse("dashboard:refresh"), **HTMX)

    assert response.status_code == 403
    assert queued_refreshes() == []


def test_refresh_is_post_only_and_needs_sign_in(client, manager):
    assert client.post(reverse("dashboard:refresh")).status_code == 302
    client.force_login(manager)
    assert client.get(reverse("dashboard:refresh")).status_code == 405


def test_refresh_now_queues_the_task_with_an_expiry(client, manager, empty_queue):
    client.force_login(manager)

    response = client.post(reverse("dashboard:refresh"), **HTMX)

    assert response.status_code == 200
    assert "Refresh queued" in response.content.decode()
    assert 'data-testid="dashboard-freshness"' in response.content.decode()
    assert "HX-Trigger" not in response  # nothing new to show yet
    [headers] = queued_refreshes()
    assert headers["expires"] is not None


def test_with_the_broker_down_refresh_now_refreshes_inline(client, manager, broker_down):
    before = last_refresh()
    client.force_login(manager)

    response = client.post(reverse("dashboard:refresh"), **HTMX)

    assert response.status_code == 200
    assert "Dashboard data refreshed just now." in response.content.decode()
    assert response["HX-Trigger"] == "dashboard-refreshed"
    assert last_refresh() > before


def test_without_htmx_refresh_now_redirects_to_the_dashboard_with_a_message(
    client, manager, broker_down
):
    client.force_login(manager)

    response = client.post(reverse("dashboard:refresh"), follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert "Dashboard data refreshed just now." in response.content.decode()


def test_with_the_broker_down_and_a_refresh_running_the_inline_one_skips(
    client, manager, broker_down
):
    acquired, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=hold_refresh_lock, args=(acquired, release))
    holder.start()
    client.force_login(manager)
    try:
        assert acquired.wait(WAIT)
        response = client.post(reverse("dashboard:refresh"), **HTMX)
    finally:
        release.set()
        holder.join(WAIT)

    assert response.status_code == 200
    assert "Another refresh of the dashboard data is running" in response.content.decode()
    assert "HX-Trigger" not in response


# --- beat and the task ---


def test_beat_refreshes_every_interval_and_a_late_task_expires():
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-dashboard-views"]

    assert entry["task"] == TASK_NAME
    assert entry["task"] in celery_app.tasks
    assert entry["schedule"] == settings.DASHBOARD_REFRESH_SECONDS
    assert 0 < entry["options"]["expires"] <= entry["schedule"]


def test_the_task_runs_as_the_owner_outside_any_tenant_and_refreshes():
    assert not isinstance(refresh_dashboard_views, TenantTask)
    DashboardRefreshLog.objects.all().delete()

    refresh_dashboard_views.apply(throw=True)

    assert DashboardRefreshLog.objects.count() == 4


# --- after "refresh now" was queued, the page polls until the new data is there ---


def poll(client, **params):
    response = client.get(reverse("dashboard:freshness"), params, **HTMX)
    assert response.status_code == 200
    return response


def test_a_queued_refresh_makes_the_page_poll_until_newer_data_is_there(
    client, manager, empty_queue
):
    client.force_login(manager)
    queued = client.post(reverse("dashboard:refresh"), **HTMX).content.decode()
    match = re.search(r'hx-get="([^"]*queued_at=[^"]*)" hx-trigger="every 5s"', queued)
    assert match, queued
    poll_url = html.unescape(match.group(1))

    still_waiting = client.get(poll_url, **HTMX)
    assert "waiting for it to run" in still_waiting.content.decode()
    assert "HX-Trigger" not in still_waiting

    refresh_dashboard_views.apply(throw=True)  # what the worker does with the queued task
    done = client.get(poll_url, **HTMX)
    assert done["HX-Trigger"] == "dashboard-refreshed"
    assert "Dashboard data refreshed just now." in done.content.decode()
    assert "every 5s" not in done.content.decode()


def test_polling_stops_with_a_warning_once_the_queued_task_has_expired(client, manager):
    client.force_login(manager)
    long_ago = timezone.now() - datetime.timedelta(seconds=settings.DASHBOARD_REFRESH_SECONDS + 1)

    response = poll(client, queued_at=long_ago.isoformat(), after=last_refresh().isoformat())

    assert "The queued refresh has not run" in response.content.decode()
    assert "every 5s" not in response.content.decode()


@pytest.mark.parametrize("queued_at", ["yesterday", "2025-13-45T00:00:00+00:00", "1" * 400,
                                       "2025-01-01T00:00:00"])  # fmt: skip
def test_a_malformed_queued_at_shows_the_plain_panel(client, manager, queued_at):
    client.force_login(manager)

    # A valid `after` that no refresh has passed yet: had `queued_at` been taken for a time,
    # the panel would keep polling (or fail comparing a naive time with an aware one).
    response = poll(client, queued_at=queued_at, after=last_refresh().isoformat())

    body = response.content.decode()
    assert "every 5s" not in body
    assert 'data-testid="refresh-message"' not in body


@pytest.mark.parametrize("after", ["not a time", "2025-13-45T00:00:00+00:00", "1" * 400,
                                   "2025-01-01T00:00:00"])  # fmt: skip
def test_a_malformed_after_stops_polling_with_a_message_not_a_refreshed_claim(
    client, manager, after
):
    client.force_login(manager)

    response = poll(client, queued_at=timezone.now().isoformat(), after=after)

    body = html.unescape(response.content.decode())
    assert "Could not tell whether the queued refresh has run" in body
    assert "every 5s" not in body
    assert "Dashboard data refreshed just now." not in body
    assert not response.has_header("HX-Trigger")
