"""A project's messages section (an htmx partial, or a page without htmx): new threads and replies,
refused posts in place (422), 404s for another project's or tenant's messages, and read state.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import uuid

import pytest
from django.urls import reverse

from apps.core.tenancy import tenant_context
from apps.messaging import services
from apps.messaging.models import Message
from apps.notifications.models import Notification
from tests.messaging.helpers import HTMX, post, section_url, send, thread_url
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db(transaction=True)

# session, user, BEGIN, tenant settings, project, recent threads, their messages, mark messages
# read, mark notices read, COMMIT
PROJECT_THREAD_QUERIES = 10


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
