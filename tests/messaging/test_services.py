"""Messages through the services, as the app role: direct messages, project threads, replies,
read state, who is notified, and the limits on what can be sent."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.activity.models import ActivityLog
from apps.core.tenancy import tenant_context
from apps.messaging import services
from apps.messaging.models import Message
from apps.notifications.models import Notification
from apps.users.models import Role
from tests.messaging.factories import MessageFactory
from tests.projects.factories import ProjectFactory, ProjectSubStageProgressFactory
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def engineer(tenant):
    return UserFactory(organization=tenant, role=Role.ENGINEERING, name="Le Van C")


def act(actor, service, **kwargs):
    with tenant_context(actor.organization_id, actor):
        return service(**kwargs)


def notified():
    rows = Notification.objects.filter(type="message")
    return sorted(rows.values_list("user__name", flat=True))


def test_a_direct_message_starts_a_thread_and_notifies_the_recipient(sales_user, engineer):
    message = act(
        sales_user, services.message_send_direct, sender=sales_user, recipient=engineer,
        subject="  Drawing   rev B ", content="  Is the hole pattern final?\n", priority="high",
    )  # fmt: skip

    message.refresh_from_db()
    assert message.thread_id == message.id
    assert (message.subject, message.content) == ("Drawing rev B", "Is the hole pattern final?")
    assert (message.recipient, message.project, message.is_read) == (engineer, None, False)
    notification = Notification.objects.get()
    assert notification.user == engineer
    assert notification.priority == "high"
    assert notification.title == f"New message from {sales_user.name}"
    assert notification.message == "Drawing rev B: Is the hole pattern final?"
    assert notification.action_url == f"/messages/thread/{message.thread_id}/"
    assert not ActivityLog.objects.filter(action="message_sent").exists()  # private


@pytest.mark.parametrize(
    ("content", "error"),
    [
        ("", "Write a message before sending."),
        ("   \n\t ", "Write a message before sending."),
        ("x" * 10_001, r"at most 10,000 characters long \(this one has 10,001\)"),
    ],
)
def test_empty_whitespace_and_overlong_messages_are_refused(sales_user, engineer, content, error):
    with pytest.raises(ValidationError, match=error):
        act(sales_user, services.message_send_direct, sender=sales_user, recipient=engineer,
            content=content)  # fmt: skip

    assert not Message.objects.exists()


def test_a_message_of_exactly_the_limit_is_fine(sales_user, engineer):
    message = act(sales_user, services.message_send_direct, sender=sales_user, recipient=engineer,
                  content="x" * 10_000)  # fmt: skip

    assert len(message.content) == 10_000


def test_recipients_must_be_active_colleagues_other_than_oneself(sales_user, other_admin, tenant):
    suspended = UserFactory(organization=tenant, status="suspended")
    for recipient, error in (
        (other_admin, "colleague of your factory"),
        (sales_user, "someone other than yourself"),
        (suspended, "cannot receive messages now"),
    ):
        with pytest.raises(ValidationError, match=error):
            act(sales_user, services.message_send_direct, sender=sales_user,
                recipient=recipient, content="Hello")  # fmt: skip
    assert not Message.objects.exists()


def test_a_reply_stays_in_the_thread_and_goes_back_to_the_writer(sales_user, engineer):
    first = act(sales_user, services.message_send_direct, sender=sales_user, recipient=engineer,
                subject="Drawing", content="Final?")  # fmt: skip

    reply = act(engineer, services.message_reply, sender=engineer, parent=first, content="Yes.")
    follow_up = act(sales_user, services.message_reply, sender=sales_user, parent=reply,
                    content="Thanks")  # fmt: skip
    again = act(sales_user, services.message_reply, sender=sales_user, parent=follow_up,
                content="One more thing")  # fmt: skip

    assert {m.thread_id for m in (reply, follow_up, again)} == {first.thread_id}
    assert (reply.recipient, reply.parent, reply.subject) == (sales_user, first, "Re: Drawing")
    assert follow_up.recipient == engineer
    assert again.recipient == engineer  # answering oneself still goes to the other person
    assert again.subject == "Re: Drawing"


def test_only_the_two_people_of_a_conversation_can_answer_in_it(sales_user, engineer, admin_user):
    first = act(sales_user, services.message_send_direct, sender=sales_user, recipient=engineer,
                content="Private")  # fmt: skip

    with pytest.raises(PermissionDenied):
        act(admin_user, services.message_reply, sender=admin_user, parent=first, content="Hi")


def test_a_project_post_notifies_the_assignee_and_participants_but_not_the_poster(
    tenant, sales_user, engineer, admin_user
):
    qa = UserFactory(organization=tenant, role=Role.QA, name="Tran Thi Q")
    earlier_poster = UserFactory(organization=tenant, name="Hoang Van E")
    bystander = UserFactory(organization=tenant, name="Not Involved")
    suspended = UserFactory(organization=tenant, name="Gone Person", status="suspended")
    project = ProjectFactory(tenant=tenant, assigned_to=sales_user, created_by=admin_user)
    ProjectSubStageProgressFactory(tenant=tenant, project=project, assigned_to=qa)
    ProjectSubStageProgressFactory(tenant=tenant, project=project, assigned_to=suspended)
    MessageFactory(tenant=tenant, project=project, sender=earlier_poster)

    message = act(engineer, services.message_post_to_project, sender=engineer, project=project,
                  subject="Tolerance", content="Can we open up the flatness?")  # fmt: skip

    assert message.project == project and message.recipient is None
    assert notified() == sorted([sales_user.name, admin_user.name, qa.name, earlier_poster.name])
    assert bystander.name not in notified()
    notification = Notification.objects.filter(user=sales_user).get()
    assert notification.title == f"{project.project_id}: new message from Le Van C"
    entry = ActivityLog.objects.get(action="message_sent")
    assert (entry.project, entry.entity_id, entry.description) == (
        project,
        message.pk,
        "Message: Tolerance",
    )


def test_a_reply_in_a_project_thread_addresses_the_writer_and_tells_the_project(
    tenant, sales_user, engineer
):
    project = ProjectFactory(tenant=tenant, assigned_to=sales_user)
    post = act(engineer, services.message_post_to_project, sender=engineer, project=project,
               content="Material cert missing")  # fmt: skip
    Notification.objects.all().delete()

    reply = act(sales_user, services.message_reply, sender=sales_user, parent=post,
                content="Asked the supplier")  # fmt: skip

    assert (reply.project, reply.recipient, reply.thread_id) == (project, engineer, post.thread_id)
    assert notified() == [engineer.name]


def test_another_tenants_project_cannot_be_posted_to(sales_user, other_tenant):
    foreign = ProjectFactory(tenant=other_tenant)

    with pytest.raises(ValidationError, match="does not exist"):
        act(sales_user, services.message_post_to_project, sender=sales_user, project=foreign,
            content="Hello")  # fmt: skip


def test_seeing_a_thread_marks_only_what_was_addressed_to_the_reader(sales_user, engineer):
    first = act(sales_user, services.message_send_direct, sender=sales_user, recipient=engineer,
                content="Final?")  # fmt: skip
    reply = act(engineer, services.message_reply, sender=engineer, parent=first, content="Yes")

    marked = act(engineer, services.message_threads_seen, user=engineer,
                 thread_ids=[first.thread_id], message_ids=[first.pk, reply.pk])  # fmt: skip

    first.refresh_from_db()
    reply.refresh_from_db()
    assert marked == 1
    assert first.is_read
    assert not reply.is_read  # addressed to the sales user, who has not read it
    assert not Notification.objects.filter(user=engineer, is_read=False).exists()
    assert Notification.objects.filter(user=sales_user, is_read=False).count() == 1


def test_seeing_a_thread_leaves_a_message_that_was_not_shown_unread(sales_user, engineer):
    first = act(sales_user, services.message_send_direct, sender=sales_user, recipient=engineer,
                content="Final?")  # fmt: skip
    later = act(sales_user, services.message_reply, sender=sales_user, parent=first, content="?")

    act(engineer, services.message_threads_seen, user=engineer, thread_ids=[first.thread_id],
        message_ids=[first.pk])  # fmt: skip

    later.refresh_from_db()
    assert not later.is_read


def test_a_thread_id_is_filled_by_the_database_for_rows_written_without_one(tenant):
    root = MessageFactory(tenant=tenant, thread_id=None)
    reply = MessageFactory(tenant=tenant, project=root.project, parent=root, thread_id=None)

    root.refresh_from_db()
    reply.refresh_from_db()
    assert root.thread_id == root.id
    assert reply.thread_id == root.id
