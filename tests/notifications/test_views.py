"""Notification pages: the bell (count, 304 when unchanged, bounded queries), its dropdown, the
list with filters, mark one / all read, open. Only one's own notifications, never another's.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import datetime
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import Notification
from apps.users.roles import ROLE_PERMISSIONS
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
# session, user, BEGIN, tenant settings, bell state, COMMIT
BELL_QUERIES = 6
# session, user, BEGIN, tenant settings, count, page, COMMIT
LIST_QUERIES = 7
# session, user, BEGIN, tenant settings, latest, COMMIT
DROPDOWN_QUERIES = 6
# session, user, BEGIN, tenant settings, notification, UPDATE, COMMIT
MARK_READ_QUERIES = 7
# session, user, BEGIN, tenant settings, UPDATE, count, page, COMMIT
MARK_ALL_QUERIES = 8


def bell(client, **headers):
    return client.get(reverse("notifications:bell"), **HTMX, **headers)


# --- the bell ---


def test_the_bell_shows_the_unread_count_of_the_user_only(client, sales_user, admin_user):
    NotificationFactory.create_batch(3, user=sales_user)
    NotificationFactory(user=sales_user, is_read=True, read_at=timezone.now())
    NotificationFactory(user=admin_user)
    client.force_login(sales_user)

    response = bell(client)

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="notification-count" data-unread="3">3</span>' in body
    assert "3 unread notifications" in body
    assert 'hx-trigger="every 30s, notifications-changed from:body"' in body
    assert response["Cache-Control"] == "private, no-cache"
    assert response["ETag"].startswith('"bell-')


def test_expired_notifications_are_not_counted(client, sales_user):
    NotificationFactory(user=sales_user)
    gone = NotificationFactory(user=sales_user)
    Notification.objects.filter(pk=gone.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    client.force_login(sales_user)

    assert 'data-unread="1"' in bell(client).content.decode()


def test_the_bell_caps_its_count(client, sales_user):
    NotificationFactory.create_batch(101, user=sales_user)
    client.force_login(sales_user)

    assert ">99+</span>" in bell(client).content.decode()


def test_an_unchanged_bell_is_a_304_costing_one_query_of_its_own(client, sales_user):
    NotificationFactory.create_batch(5, user=sales_user)
    client.force_login(sales_user)
    etag = bell(client)["ETag"]

    with CaptureQueriesContext(connection) as queries:
        response = bell(client, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag
    assert len(queries) <= BELL_QUERIES
    own = [q["sql"] for q in queries if '"notifications"' in q["sql"]]
    assert len(own) == 1, own


def test_the_etag_changes_when_a_notification_arrives_or_is_read(client, sales_user):
    first = NotificationFactory(user=sales_user)
    client.force_login(sales_user)
    etag = bell(client)["ETag"]

    NotificationFactory(user=sales_user)
    arrived = bell(client, HTTP_IF_NONE_MATCH=etag)
    Notification.objects.filter(pk=first.pk).update(is_read=True, read_at=timezone.now())
    read = bell(client, HTTP_IF_NONE_MATCH=arrived["ETag"])

    assert arrived.status_code == 200
    assert 'data-unread="2"' in arrived.content.decode()
    assert read.status_code == 200
    assert 'data-unread="1"' in read.content.decode()
    assert len({etag, arrived["ETag"], read["ETag"]}) == 3


def test_the_etag_is_per_user(client, sales_user, admin_user):
    client.force_login(sales_user)
    etag = bell(client)["ETag"]
    client.force_login(admin_user)

    assert bell(client, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_the_bell_costs_the_same_with_many_notifications(
    client, sales_user, django_assert_max_num_queries
):
    NotificationFactory.create_batch(60, user=sales_user)
    client.force_login(sales_user)

    with django_assert_max_num_queries(BELL_QUERIES):
        assert bell(client).status_code == 200


def test_a_signed_out_bell_stops_polling(client):
    response = bell(client)

    assert response.status_code == 286  # htmx stops polling on this status
    assert response.content == b""


def test_a_bell_without_notifications_view_stops_polling(client, sales_user, monkeypatch):
    NotificationFactory(user=sales_user)
    monkeypatch.setitem(ROLE_PERMISSIONS, sales_user.role, ("projects.view",))
    client.force_login(sales_user)

    response = bell(client)

    assert response.status_code == 286
    assert response.content == b""


def test_every_page_loads_the_bell_without_counting_itself(client, sales_user):
    client.force_login(sales_user)

    with CaptureQueriesContext(connection) as queries:
        body = client.get(reverse("home")).content.decode()

    assert not [query["sql"] for query in queries if '"notifications"' in query["sql"]]

    assert 'data-testid="notification-bell"' in body
    assert f'hx-get="{reverse("notifications:bell")}" hx-trigger="load"' in body
    assert f'hx-get="{reverse("notifications:dropdown")}" hx-trigger="show.bs.dropdown"' in body


# --- dropdown ---


def test_the_dropdown_lists_the_newest_few(client, sales_user, django_assert_max_num_queries):
    for index in range(10):
        NotificationFactory(user=sales_user, title=f"Notice {index}")
    client.force_login(sales_user)

    with django_assert_max_num_queries(DROPDOWN_QUERIES):
        response = client.get(reverse("notifications:dropdown"), **HTMX)

    body = response.content.decode()
    assert body.count('data-testid="notification-item"') == 8
    assert "Notice 9" in body
    assert "Notice 0" not in body
    assert "<html" not in body


def test_the_dropdown_says_when_there_is_nothing(client, sales_user):
    client.force_login(sales_user)

    body = client.get(reverse("notifications:dropdown"), **HTMX).content.decode()

    assert 'data-testid="notification-empty"' in body


# --- list ---


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Approval needed", "Blocked", "Drawing uploaded", "Welcome"]),
        ({"type": "approval"}, ["Approval needed"]),
        ({"state": "unread"}, ["Approval needed", "Blocked", "Drawing uploaded"]),
        ({"state": "read"}, ["Welcome"]),
        ({"priority": "urgent"}, ["Blocked"]),
        ({"type": "workflow", "state": "unread", "priority": "urgent"}, ["Blocked"]),
    ],
)
def test_list_filters(client, sales_user, admin_user, query, expected):
    NotificationFactory(user=sales_user, type="approval", title="Approval needed", priority="high")
    NotificationFactory(user=sales_user, type="workflow", title="Blocked", priority="urgent")
    NotificationFactory(user=sales_user, type="document", title="Drawing uploaded")
    NotificationFactory(
        user=sales_user, type="system", title="Welcome", is_read=True, read_at=timezone.now()
    )
    NotificationFactory(user=admin_user, type="approval", title="Not yours")
    client.force_login(sales_user)

    response = client.get(reverse("notifications:list"), query)

    titles = sorted(n.title for n in response.context["page"].object_list)
    assert response.status_code == 200
    assert titles == expected


@pytest.mark.parametrize("query", [{"type": "bogus"}, {"state": "deleted"}, {"priority": "asap"}])
def test_list_refuses_invalid_filters_with_422_and_no_rows(client, sales_user, query):
    NotificationFactory(user=sales_user)
    client.force_login(sales_user)

    response = client.get(reverse("notifications:list"), query)

    assert response.status_code == 422
    assert len(response.context["page"].object_list) == 0
    assert "Some filters are not valid" in response.content.decode()


def test_list_is_a_full_page_or_the_htmx_fragment(client, sales_user):
    NotificationFactory(user=sales_user, title="Quote approved")
    client.force_login(sales_user)

    page = client.get(reverse("notifications:list"))
    fragment = client.get(reverse("notifications:list"), **HTMX)

    assert "<html" in page.content.decode() and "Quote approved" in page.content.decode()
    assert "<html" not in fragment.content.decode()
    assert 'id="notification-list"' in fragment.content.decode()
    assert "Quote approved" in fragment.content.decode()
    assert "HX-Request" in page["Vary"] and "HX-Request" in fragment["Vary"]


def test_list_escapes_what_notifications_say(client, sales_user):
    NotificationFactory(user=sales_user, title="<script>alert(1)</script>", message="<b>x</b>")
    client.force_login(sales_user)

    body = client.get(reverse("notifications:list")).content.decode()

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;b&gt;x&lt;/b&gt;" in body


def test_list_queries_do_not_grow_with_rows(client, sales_user, django_assert_max_num_queries):
    NotificationFactory.create_batch(40, user=sales_user)
    client.force_login(sales_user)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("notifications:list"), {"page": 2})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 15


def test_list_out_of_range_page_shows_the_last(client, sales_user):
    NotificationFactory.create_batch(3, user=sales_user)
    client.force_login(sales_user)

    response = client.get(reverse("notifications:list"), {"page": "999"})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 3


# --- mark read, mark all, open ---


def test_mark_one_read_answers_htmx_with_the_item_and_an_event(
    client, sales_user, django_assert_max_num_queries
):
    notification = NotificationFactory(user=sales_user)
    client.force_login(sales_user)

    with django_assert_max_num_queries(MARK_READ_QUERIES):
        response = client.post(reverse("notifications:read", args=[notification.pk]), **HTMX)

    notification.refresh_from_db()
    assert notification.is_read and notification.read_at
    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"]) == {"notifications-changed": {}}
    assert 'data-read="true"' in response.content.decode()
    assert "<html" not in response.content.decode()


def test_mark_one_read_without_javascript_goes_back_to_the_list(client, sales_user):
    notification = NotificationFactory(user=sales_user)
    client.force_login(sales_user)

    response = client.post(reverse("notifications:read", args=[notification.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")


def test_another_users_or_tenants_notification_is_a_404(
    client, sales_user, admin_user, other_admin
):
    colleagues = NotificationFactory(user=admin_user)
    foreign = NotificationFactory(user=other_admin)
    client.force_login(sales_user)

    for notification in (colleagues, foreign):
        for name in ("notifications:read", "notifications:open"):
            assert client.post(reverse(name, args=[notification.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[uuid.uuid4()])).status_code == 404
    assert Notification.objects.filter(is_read=True).count() == 0


def test_marking_read_needs_a_post(client, sales_user):
    notification = NotificationFactory(user=sales_user)
    client.force_login(sales_user)

    assert client.get(reverse("notifications:read", args=[notification.pk])).status_code == 405


def test_mark_all_read_re_renders_the_filtered_list(
    client, sales_user, admin_user, django_assert_max_num_queries
):
    NotificationFactory.create_batch(2, user=sales_user, type="approval")
    NotificationFactory(user=sales_user, type="workflow")
    NotificationFactory(user=admin_user)
    client.force_login(sales_user)

    with django_assert_max_num_queries(MARK_ALL_QUERIES):
        response = client.post(reverse("notifications:read_all") + "?type=approval", **HTMX)

    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"]) == {"notifications-changed": {}}
    assert len(response.context["page"].object_list) == 2
    assert not Notification.objects.filter(user=sales_user, is_read=False).exists()
    assert Notification.objects.filter(user=admin_user, is_read=False).count() == 1


def test_mark_all_read_without_javascript_redirects_to_the_same_filters(client, sales_user):
    client.force_login(sales_user)

    response = client.post(reverse("notifications:read_all") + "?state=unread")

    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list") + "?state=unread"


@pytest.mark.parametrize(
    ("action_url", "target"),
    [("/projects/3f1c/", "/projects/3f1c/"), ("", "/notifications/")],
)
def test_open_marks_read_and_follows_the_link(client, sales_user, action_url, target):
    notification = NotificationFactory(user=sales_user, action_url=action_url)
    client.force_login(sales_user)

    response = client.post(reverse("notifications:open", args=[notification.pk]))

    notification.refresh_from_db()
    assert notification.is_read
    assert response.status_code == 302
    assert response["Location"] == target


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("notifications:list"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
