"""Every write of messages: direct messages, project threads, replies, read state.

A conversation is a thread (`thread_id`, the id of its first message). A direct message and its
replies stay between its two people; a project thread is open to everyone who may see the
project. Each new message notifies who should read it: the recipient of a direct message; for a
project, its assignee and participants (creator, sub-stage assignees, earlier posters).
"""

from __future__ import annotations

from collections.abc import Collection

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from apps.core.i18n import for_reader
from apps.messaging.events import project_message_sent_event
from apps.messaging.models import Message, MessagePriority
from apps.notifications.models import NotificationType
from apps.notifications.services import notification_notify, notifications_mark_read_for_urls
from apps.projects.models import Project, ProjectSubStageProgress
from apps.users.models import User, UserStatus

CONTENT_MAX = 10_000
SUBJECT_MAX = 255
EXCERPT_MAX = 200


def thread_url(thread_id) -> str:
    return reverse("messaging:thread", kwargs={"thread_id": thread_id})


def too_long_message(length: str):
    """The refusal of a message longer than CONTENT_MAX (`length`: how long it is)."""
    return for_reader(
        gettext_lazy("A message can be at most %(max)s characters long (this one has %(length)s)."),
        max=f"{CONTENT_MAX:,}",
        length=length,
    )


def message_content_clean(content: str) -> str:
    """The text as it will be stored: trimmed, not empty, not longer than CONTENT_MAX."""
    content = (content or "").strip()
    if not content:
        raise ValidationError({"content": gettext("Write a message before sending.")})
    if len(content) > CONTENT_MAX:
        raise ValidationError(
            {
                "content": str(too_long_message(f"{len(content):,}")),
            }
        )
    return content


def _reply_subject(subject: str) -> str:
    if not subject or subject.lower().startswith("re:"):
        return subject
    return f"Re: {subject}"[:SUBJECT_MAX]


def _excerpt(message: Message) -> str:
    text = " ".join(message.content.split())
    return text if len(text) <= EXCERPT_MAX else text[: EXCERPT_MAX - 1] + "…"


def _save(message: Message) -> Message:
    message.content = message_content_clean(message.content)
    message.subject = " ".join((message.subject or "").split())[:SUBJECT_MAX]
    if message.priority not in MessagePriority.values:
        raise ValidationError({"priority": gettext("Choose a priority from the list.")})
    message.save(force_insert=True)
    return message


def _check_recipient(sender: User, recipient: User) -> None:
    if recipient.organization_id != sender.organization_id:
        raise ValidationError({"recipient": gettext("Choose a colleague of your factory.")})
    if recipient.pk == sender.pk:
        raise ValidationError({"recipient": gettext("Choose someone other than yourself.")})
    if recipient.status != UserStatus.ACTIVE:
        raise ValidationError(
            {
                "recipient": gettext("%(name)s cannot receive messages now.")
                % {"name": recipient.name}
            }
        )


def project_participants(project: Project) -> list[User]:
    """The project's active assignee, creator, sub-stage assignees and earlier posters."""
    organization_id = project.organization_id
    sub_stage_assignees = ProjectSubStageProgress.objects.filter(
        organization_id=organization_id, project_id=project.pk, assigned_to__isnull=False
    ).values("assigned_to_id")
    posters = Message.objects.filter(organization_id=organization_id, project_id=project.pk).values(
        "sender_id"
    )
    named = [pk for pk in (project.assigned_to_id, project.created_by_id) if pk]
    return list(
        User.objects.filter(organization_id=organization_id, status=UserStatus.ACTIVE)
        .filter(Q(pk__in=named) | Q(pk__in=sub_stage_assignees) | Q(pk__in=posters))
        .only("id", "organization_id")
    )


def _announce(message: Message) -> None:
    sender = message.sender
    if message.project_id:
        project = message.project
        recipients = [message.recipient, *project_participants(project)]
        title = for_reader(
            gettext_lazy("%(code)s: new message from %(name)s"),
            code=project.project_id,
            name=sender.name,
        )
        project_message_sent_event(message=message, excerpt=_excerpt(message))
    else:
        recipients = [message.recipient]
        title = for_reader(gettext_lazy("New message from %(name)s"), name=sender.name)
    summary = _excerpt(message)
    # Each recipient reads the title in their own language (notifications writes it so).
    notification_notify(
        organization_id=message.organization_id,
        recipients=recipients,
        exclude=sender,
        type=NotificationType.MESSAGE,
        title=title,
        message=f"{message.subject}: {summary}" if message.subject else summary,
        action_url=thread_url(message.thread_id),
        priority=message.priority,
    )


@transaction.atomic
def message_send_direct(
    *, sender: User, recipient: User, content: str, subject: str = "", priority: str = "normal"
) -> Message:
    """Start a conversation with one colleague."""
    _check_recipient(sender, recipient)
    message = Message(
        organization_id=sender.organization_id,
        sender=sender,
        recipient=recipient,
        subject=subject,
        content=content,
        priority=priority,
    )
    message.thread_id = message.id
    _save(message)
    _announce(message)
    return message


@transaction.atomic
def message_post_to_project(
    *, sender: User, project: Project, content: str, subject: str = "", priority: str = "normal"
) -> Message:
    """Start a thread on a project (the caller has checked that the sender may see it)."""
    if project.organization_id != sender.organization_id:
        raise ValidationError(gettext("That project does not exist."))
    message = Message(
        organization_id=sender.organization_id,
        sender=sender,
        project=project,
        subject=subject,
        content=content,
        priority=priority,
    )
    message.thread_id = message.id
    _save(message)
    _announce(message)
    return message


@transaction.atomic
def message_reply(
    *, sender: User, parent: Message, content: str, priority: str = "normal"
) -> Message:
    """Answer a message in its thread. A reply goes to the person who wrote the message (or, when
    answering oneself, to whom it was addressed); in a project thread everyone following the
    project is told as well."""
    if parent.organization_id != sender.organization_id:
        raise ValidationError(gettext("That message does not exist."))
    if parent.project_id is None and sender.pk not in (parent.sender_id, parent.recipient_id):
        raise PermissionDenied(gettext("Only the two people in a conversation can answer in it."))
    recipient = parent.sender if parent.sender_id != sender.pk else parent.recipient
    message = Message(
        organization_id=sender.organization_id,
        sender=sender,
        recipient=recipient,
        project=parent.project,
        subject=_reply_subject(parent.subject),
        content=content,
        priority=priority,
        parent=parent,
        thread_id=parent.thread_id,
    )
    _save(message)
    _announce(message)
    return message


def message_threads_seen(
    *, user: User, thread_ids: Collection, message_ids: Collection = ()
) -> int:
    """The user has seen these threads: the messages shown to them as new (`message_ids`, those
    addressed to them and unread) become read, and so do the notices that point at the threads,
    whether or not the user was a message's recipient (a project's followers never are).

    Only the messages the page showed are marked, so one that arrived meanwhile stays new.
    Returns how many messages were marked read."""
    now = timezone.now()
    marked = 0
    if message_ids:
        marked = Message.objects.filter(
            organization_id=user.organization_id, pk__in=list(message_ids), recipient_id=user.pk,
            is_read=False,
        ).update(is_read=True, read_at=now, updated_at=now)  # fmt: skip
    if thread_ids:
        notifications_mark_read_for_urls(
            user=user, action_urls=[thread_url(thread_id) for thread_id in thread_ids]
        )
    return marked
