"""The messages inbox (unread first, the unread filter, the htmx fragment) and composing a direct
message: colleagues only, never another tenant's user, refused input (422), and no writing for a
read-only role.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import pytest
from django.urls import reverse

from apps.messaging.models import Message
from apps.notifications.models import Notification
from tests.messaging.helpers import HTMX, section_url, send, thread_url
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# session, user, BEGIN, tenant settings, count, page of threads, latest messages, COMMIT
INBOX_QUERIES = 8
# session, user, BEGIN, tenant settings, recipients, COMMIT
COMPOSE_FORM_QUERIES = 6


def test_inbox_lists_my_conversations_with_unread_first(client, sales_user, engineer, admin_user):
    older_unread = send(engineer, sales_user, subject="Unread but older")
    newer_read = send(sales_user, engineer, subject="Sent by me")
    send(engineer, admin_user, subject="Between two others")
    client.force_login(sales_user)

    response = client.get(reverse("messaging:inbox"))

    body = response.content.decode()
    assert response.status_code == 200
    rows = [row for row, _ in response.context["rows"]]
    assert [row.thread_id for row in rows] == [older_unread.thread_id, newer_read.thread_id]
    assert rows[0].unread == 1
    assert "Between two others" not in body
    assert body.count('data-testid="message-thread"') == 2


def test_inbox_unread_filter_and_htmx_fragment(client, sales_user, engineer):
    send(engineer, sales_user, subject="Needs an answer")
    send(sales_user, engineer, subject="Already handled")
    client.force_login(sales_user)

    response = client.get(reverse("messaging:inbox"), {"show": "unread"}, **HTMX)

    body = response.content.decode()
    assert "<html" not in body
    assert "Needs an answer" in body
    assert "Already handled" not in body


def test_inbox_queries_do_not_grow_with_conversations(
    client, sales_user, engineer, django_assert_max_num_queries
):
    for index in range(30):
        send(engineer, sales_user, subject=f"Question {index}")
    client.force_login(sales_user)

    with django_assert_max_num_queries(INBOX_QUERIES):
        response = client.get(reverse("messaging:inbox"))

    assert len(response.context["rows"]) == 25
    assert response.context["page"].paginator.count == 30


def test_inbox_without_conversations(client, sales_user):
    client.force_login(sales_user)

    body = client.get(reverse("messaging:inbox")).content.decode()

    assert 'data-testid="inbox-empty"' in body


def test_compose_offers_active_colleagues_only(
    client, sales_user, engineer, other_admin, tenant, django_assert_max_num_queries
):
    UserFactory(organization=tenant, name="Suspended Person", status="suspended")
    client.force_login(sales_user)

    with django_assert_max_num_queries(COMPOSE_FORM_QUERIES):
        response = client.get(reverse("messaging:compose"), {"to": str(engineer.pk)})

    body = response.content.decode()
    choices = {str(user.pk) for user in response.context["form"].fields["recipient"].queryset}
    assert choices == {str(engineer.pk)}
    assert other_admin.name not in body and "Suspended Person" not in body
    assert f'<option value="{engineer.pk}" selected>' in body
    assert 'data-testid="message-form"' in body


def test_sending_a_direct_message(client, sales_user, engineer):
    client.force_login(sales_user)

    response = client.post(
        reverse("messaging:compose"),
        {"recipient": engineer.pk, "subject": "Rev B", "content": "Final?", "priority": "high"},
    )

    message = Message.objects.get()
    assert response.status_code == 302
    assert response["Location"] == thread_url(message)
    assert (message.sender, message.recipient, message.content) == (sales_user, engineer, "Final?")
    assert Notification.objects.get().user == engineer


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"content": ""}, "Write a message before sending."),
        ({"content": "  \n  "}, "Write a message before sending."),
        ({"content": "x" * 10_001}, "A message can be at most 10,000 characters long"),
        ({"recipient": "not-a-uuid"}, "Choose a colleague of your factory from the list."),
        ({"recipient": ""}, "Choose who the message is for."),
        ({"priority": "asap"}, "Choose a priority from the list."),
    ],
)
def test_compose_refuses_bad_input_with_422(client, sales_user, engineer, data, error):
    client.force_login(sales_user)
    form = {"recipient": engineer.pk, "content": "Hello", "priority": "normal", **data}

    response = client.post(reverse("messaging:compose"), form)

    assert response.status_code == 422
    assert error in response.content.decode()
    assert not Message.objects.exists()


def test_another_tenants_user_cannot_be_a_recipient(client, sales_user, other_admin):
    client.force_login(sales_user)

    response = client.post(
        reverse("messaging:compose"),
        {"recipient": other_admin.pk, "content": "Hello", "priority": "normal"},
    )

    assert response.status_code == 422
    assert "Choose a colleague of your factory from the list." in response.content.decode()
    assert not Message.objects.exists()


def test_a_read_only_role_cannot_write(client, auditor, engineer, project):
    first = send(engineer, auditor, content="FYI")
    client.force_login(auditor)

    assert client.get(reverse("messaging:compose")).status_code == 403
    assert client.post(reverse("messaging:compose"), {"recipient": engineer.pk}).status_code == 403
    assert client.post(thread_url(first), {"content": "Thanks"}).status_code == 403
    assert client.post(section_url(project), {"content": "Hi"}).status_code == 403
    assert client.get(reverse("messaging:inbox")).status_code == 200
    assert client.get(thread_url(first)).status_code == 200
    assert Message.objects.count() == 1
