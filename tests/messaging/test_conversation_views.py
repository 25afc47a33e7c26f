"""A conversation's page: reading marks it read, replies (htmx or a redirect, refused when empty
or too long), escaped text, and a 404 for a conversation between others or of another tenant.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import uuid

import pytest
from django.urls import reverse

from apps.core.tenancy import tenant_context
from apps.messaging import services
from apps.messaging.models import Message
from apps.notifications.models import Notification
from tests.messaging.helpers import HTMX, post, send, thread_url
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# session, user, BEGIN, tenant settings, thread, mark messages read, mark notices read, COMMIT
THREAD_QUERIES = 8


def test_reading_a_conversation_marks_it_read(
    client, sales_user, engineer, django_assert_max_num_queries
):
    first = send(engineer, sales_user, subject="Rev B", content="Final?")
    client.force_login(sales_user)

    with django_assert_max_num_queries(THREAD_QUERIES):
        response = client.get(thread_url(first))
    again = client.get(thread_url(first))

    first.refresh_from_db()
    assert response.status_code == 200
    assert 'data-testid="message-item"' in response.content.decode()
    assert "New</span>" in response.content.decode()
    assert "New</span>" not in again.content.decode()
    assert first.is_read
    assert not Notification.objects.filter(user=sales_user, is_read=False).exists()


def test_opening_a_project_thread_settles_its_notice(client, sales_user, engineer, project):
    # The assignee is told about the post but is not its recipient: no message of theirs to mark.
    first = post(engineer, project, subject="Cert")
    client.force_login(sales_user)

    response = client.get(thread_url(first))

    assert response.status_code == 200
    notice = Notification.objects.get(user=sales_user)
    assert notice.action_url == thread_url(first)
    assert notice.is_read


def test_a_conversation_queries_do_not_grow_with_messages(
    client, sales_user, engineer, django_assert_max_num_queries
):
    message = send(engineer, sales_user)
    for index in range(20):
        with tenant_context(sales_user.organization_id, sales_user):
            message = services.message_reply(
                sender=sales_user if index % 2 else engineer, parent=message, content=f"#{index}"
            )
    client.force_login(sales_user)

    with django_assert_max_num_queries(THREAD_QUERIES):
        response = client.get(thread_url(message))

    assert response.content.decode().count('data-testid="message-item"') == 21


def test_message_text_is_escaped_with_line_breaks_kept(client, sales_user, engineer):
    first = send(engineer, sales_user, content='<script>alert("x")</script>\nline two')
    client.force_login(sales_user)

    body = client.get(thread_url(first)).content.decode()

    assert '<script>alert("x")</script>' not in body
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>line two" in body


def test_replying_with_htmx_re_renders_the_conversation(client, sales_user, engineer):
    first = send(engineer, sales_user, subject="Rev B")
    client.force_login(sales_user)

    response = client.post(
        thread_url(first), {"content": "Yes, final.", "priority": "normal"}, **HTMX
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="thread-body"' in body
    assert "Yes, final." in body
    reply = Message.objects.get(parent=first)
    assert (reply.recipient, reply.thread_id) == (engineer, first.thread_id)
    assert Notification.objects.filter(user=engineer, type="message").count() == 1


def test_replying_without_javascript_redirects_back(client, sales_user, engineer):
    first = send(engineer, sales_user)
    client.force_login(sales_user)

    response = client.post(thread_url(first), {"content": "Yes", "priority": "normal"})

    assert response.status_code == 302
    assert response["Location"] == thread_url(first)


@pytest.mark.parametrize("content", ["", "   ", "x" * 10_001])
def test_an_empty_or_overlong_reply_is_refused_with_422(client, sales_user, engineer, content):
    first = send(engineer, sales_user)
    client.force_login(sales_user)

    response = client.post(thread_url(first), {"content": content, "priority": "normal"}, **HTMX)

    assert response.status_code == 422
    assert 'id="thread-body"' in response.content.decode()
    assert Message.objects.count() == 1


def test_a_conversation_between_others_or_of_another_tenant_is_a_404(
    client, sales_user, engineer, admin_user, other_admin, other_tenant
):
    private = send(engineer, admin_user, content="Between us")
    foreign = send(other_admin, UserFactory(organization=other_tenant), content="Elsewhere")
    client.force_login(sales_user)

    for message in (private, foreign):
        assert client.get(thread_url(message)).status_code == 404
        assert client.post(thread_url(message), {"content": "Hi"}).status_code == 404
    missing = reverse("messaging:thread", args=[uuid.uuid4()])
    assert client.get(missing).status_code == 404
    assert Message.objects.count() == 2


def test_a_project_thread_is_open_to_everyone_who_sees_the_project(
    client, engineer, admin_user, project
):
    message = post(engineer, project, subject="Tolerance")
    client.force_login(admin_user)

    response = client.get(thread_url(message))

    assert response.status_code == 200
    assert project.project_id in response.content.decode()
