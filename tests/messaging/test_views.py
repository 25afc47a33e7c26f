"""Messages pages: inbox (unread first), compose, a conversation, and a project's thread section.
Another tenant's project, user or thread is a 404 (or, for a recipient, a refused form), a
conversation between two others is a 404, and a read-only role cannot write.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import uuid

import pytest
from django.urls import reverse

from apps.core.tenancy import tenant_context
from apps.messaging import services
from apps.messaging.models import Message
from apps.notifications.models import Notification
from apps.users.models import Role
from tests.projects.factories import ProjectFactory
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
# session, user, BEGIN, tenant settings, count, page of threads, latest messages, COMMIT
INBOX_QUERIES = 8
# session, user, BEGIN, tenant settings, recipients, COMMIT
COMPOSE_FORM_QUERIES = 6
# session, user, BEGIN, tenant settings, thread, mark messages read, mark notices read, COMMIT
THREAD_QUERIES = 8
# session, user, BEGIN, tenant settings, project, recent threads, their messages, mark messages
# read, mark notices read, COMMIT
PROJECT_THREAD_QUERIES = 10


@pytest.fixture
def engineer(tenant):
    return UserFactory(organization=tenant, role=Role.ENGINEERING, name="Le Van C")


@pytest.fixture
def auditor(tenant):
    return UserFactory(organization=tenant, role=Role.AUDITOR, name="Audrey Auditor")


@pytest.fixture
def project(tenant, sales_user):
    return ProjectFactory(tenant=tenant, assigned_to=sales_user, title="Brake caliper fixture")


def send(sender, recipient, content="Is rev B final?", **kwargs):
    with tenant_context(sender.organization_id, sender):
        return services.message_send_direct(
            sender=sender, recipient=recipient, content=content, **kwargs
        )


def post(sender, project, content="Material cert missing", **kwargs):
    with tenant_context(sender.organization_id, sender):
        return services.message_post_to_project(
            sender=sender, project=project, content=content, **kwargs
        )


def thread_url(message):
    return reverse("messaging:thread", args=[message.thread_id])


def section_url(project):
    return reverse("messaging:project_thread", args=[project.pk])


# --- inbox ---


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


# --- compose ---


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


# --- a conversation ---


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


# --- a project's thread section ---


def test_the_project_section_is_an_htmx_partial_or_a_page(client, sales_user, engineer, project):
    post(engineer, project, subject="Tolerance", content="Flatness 0.05?")
    client.force_login(sales_user)

    fragment = client.get(section_url(project), **HTMX).content.decode()
    page = client.get(section_url(project)).content.decode()

    assert "<html" not in fragment and 'id="project-thread"' in fragment
    assert "Flatness 0.05?" in fragment
    assert fragment.count('data-testid="message-thread"') == 1
    assert fragment.count('data-testid="message-form"') == 2  # new thread + reply
    assert "<html" in page and "Flatness 0.05?" in page


def test_posting_a_new_thread_re_renders_the_section_and_notifies(
    client, sales_user, engineer, project
):
    client.force_login(engineer)

    response = client.post(
        section_url(project),
        {"subject": "Cert", "content": "Material cert missing", "priority": "normal"},
        **HTMX,
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="project-thread"' in body and "Material cert missing" in body
    message = Message.objects.get()
    assert (message.project, message.sender, message.recipient) == (project, engineer, None)
    assert list(Notification.objects.values_list("user_id", flat=True)) == [sales_user.pk]


def test_replying_in_a_project_thread(client, sales_user, engineer, project):
    first = post(engineer, project, subject="Cert")
    client.force_login(sales_user)

    response = client.post(
        section_url(project),
        {"parent": first.pk, "content": "Asked the supplier", "priority": "normal"},
        **HTMX,
    )

    assert response.status_code == 200
    reply = Message.objects.get(parent=first)
    assert (reply.thread_id, reply.recipient, reply.subject) == (
        first.thread_id,
        engineer,
        "Re: Cert",
    )


def test_posting_without_javascript_redirects_to_the_section(client, engineer, project):
    client.force_login(engineer)

    response = client.post(section_url(project), {"content": "Hello", "priority": "normal"})

    assert response.status_code == 302
    assert response["Location"] == section_url(project)


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("", "Write a message before sending."),
        (" \n ", "Write a message before sending."),
        ("x" * 10_001, "A message can be at most 10,000 characters long"),
    ],
)
def test_the_section_refuses_bad_posts_with_422(client, engineer, project, content, error):
    client.force_login(engineer)

    response = client.post(section_url(project), {"content": content, "priority": "normal"}, **HTMX)

    assert response.status_code == 422
    assert error in response.content.decode()
    assert 'id="project-thread"' in response.content.decode()
    assert not Message.objects.exists()


def test_a_refused_reply_shows_its_error_in_its_thread(client, engineer, project):
    first = post(engineer, project, subject="Cert")
    other = post(engineer, project, subject="Drawing")
    client.force_login(engineer)

    response = client.post(
        section_url(project), {"parent": first.pk, "content": " ", "priority": "normal"}, **HTMX
    )

    body = response.content.decode()
    before, in_thread = body.split(f'id="thread-{first.thread_id}"')
    assert response.status_code == 422
    assert "Write a message before sending." in in_thread
    assert "Write a message before sending." not in before  # nor in the new-thread form
    assert f'id="thread-{other.thread_id}"' in before
    assert f'name="parent" value="{first.pk}"' in in_thread
    assert Message.objects.count() == 2


def test_each_reply_form_answers_the_latest_message_of_its_thread(client, engineer, project):
    first = post(engineer, project, subject="Cert")
    with tenant_context(engineer.organization_id, engineer):
        latest = services.message_reply(sender=engineer, parent=first, content="Any news?")
    client.force_login(engineer)

    body = client.get(section_url(project), **HTMX).content.decode()

    assert f'name="parent" value="{latest.pk}"' in body
    assert f'id="reply-{first.thread_id}-content"' in body
    assert body.count('maxlength="10000"') == 2  # the new-thread form's and the reply's


def test_a_malformed_reply_target_is_a_404(client, engineer, project):
    client.force_login(engineer)

    response = client.post(
        section_url(project), {"parent": "12345", "content": "Hi", "priority": "normal"}, **HTMX
    )

    assert response.status_code == 404
    assert not Message.objects.exists()


def test_replying_to_another_projects_message_is_a_404(client, engineer, project, tenant):
    elsewhere = post(engineer, ProjectFactory(tenant=tenant))
    client.force_login(engineer)

    response = client.post(
        section_url(project), {"parent": elsewhere.pk, "content": "Hi", "priority": "normal"}
    )

    assert response.status_code == 404
    assert Message.objects.count() == 1


def test_another_tenants_project_is_a_404(client, engineer, other_tenant):
    foreign = ProjectFactory(tenant=other_tenant)
    client.force_login(engineer)

    assert client.get(section_url(foreign), **HTMX).status_code == 404
    assert client.post(section_url(foreign), {"content": "Hi"}).status_code == 404
    assert client.get(reverse("messaging:project_thread", args=[uuid.uuid4()])).status_code == 404
    assert not Message.objects.exists()


def test_the_section_marks_what_was_addressed_to_the_reader_read(
    client, sales_user, engineer, project
):
    first = post(engineer, project)
    with tenant_context(sales_user.organization_id, sales_user):
        reply = services.message_reply(sender=sales_user, parent=first, content="On it")
    client.force_login(engineer)

    body = client.get(section_url(project), **HTMX).content.decode()

    reply.refresh_from_db()
    assert reply.is_read
    assert "New</span>" in body


def test_the_section_settles_the_notices_of_the_threads_it_shows(
    client, sales_user, engineer, project
):
    first = post(engineer, project, subject="Cert")
    with tenant_context(sales_user.organization_id, sales_user):
        services.message_reply(sender=sales_user, parent=first, content="On it")
    elsewhere = send(sales_user, engineer, subject="Unrelated")
    client.force_login(engineer)

    client.get(section_url(project), **HTMX)

    unread = Notification.objects.filter(user=engineer, is_read=False)
    assert list(unread.values_list("action_url", flat=True)) == [thread_url(elsewhere)]


def test_the_section_queries_do_not_grow_with_threads(
    client, sales_user, engineer, project, django_assert_max_num_queries
):
    for index in range(25):
        first = post(engineer, project, subject=f"Topic {index}")
        with tenant_context(sales_user.organization_id, sales_user):
            services.message_reply(sender=sales_user, parent=first, content="Noted")
    client.force_login(engineer)

    with django_assert_max_num_queries(PROJECT_THREAD_QUERIES):
        response = client.get(section_url(project), **HTMX)

    assert response.content.decode().count('data-testid="message-thread"') == 20
