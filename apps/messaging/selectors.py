"""Every read of messages that a page needs, and the access rules of conversations.

Who may read a thread: everyone who may see its project (a project thread), otherwise only the
two people in it; anyone else gets a 404, as for another tenant's thread. Queries stay on the
tenant-led indexes of `messages` and never depend on how many rows there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Max, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext

from apps.core.access import get_for_tenant_or_404
from apps.messaging.models import Message
from apps.projects.models import Project
from apps.users.models import User
from apps.users.permissions import permission_require
from apps.users.selectors import active_colleagues

INBOX_PAGE_SIZE = 25
PROJECT_THREADS_SHOWN = 20


def messages_of_tenant(user) -> QuerySet[Message]:
    return Message.objects.filter(organization_id=user.organization_id)


def message_recipients(user) -> QuerySet[User]:
    """Whom the user can write to: the active people of their factory, themselves excepted."""
    return (
        active_colleagues(user)
        .exclude(pk=user.pk)
        .only("id", "name", "email", "role", "organization_id")
    )


@dataclass
class Thread:
    thread_id: object
    messages: list[Message] = field(default_factory=list)

    @property
    def root(self) -> Message:
        return self.messages[0]

    @property
    def last(self) -> Message:
        return self.messages[-1]

    @property
    def subject(self) -> str:
        return self.root.subject

    @property
    def project(self) -> Project | None:
        return self.root.project if self.root.project_id else None


def thread_get_for_user(user, thread_id) -> Thread:
    """Access function of a conversation, with all its messages in order (one query)."""
    messages = list(
        messages_of_tenant(user)
        .filter(thread_id=thread_id)
        .select_related("sender", "recipient", "project")
        .order_by("created_at", "pk")
    )
    if not messages:
        raise Http404(gettext("No such conversation."))
    thread = Thread(thread_id=thread_id, messages=messages)
    if thread.project is not None:
        permission_require(user, "projects.view")
    elif not any(user.pk in (m.sender_id, m.recipient_id) for m in messages):
        raise Http404(gettext("No such conversation."))
    return thread


def project_message_get(user, project: Project, pk) -> Message:
    """A message of this project's threads (the one a reply answers): 404 otherwise."""
    return get_for_tenant_or_404(
        messages_of_tenant(user)
        .filter(project_id=project.pk)
        .select_related("sender", "recipient", "project"),
        user,
        pk,
    )


def project_threads(user, project: Project, *, limit: int = PROJECT_THREADS_SHOWN) -> list[Thread]:
    """The project's most recently active threads, each with all its messages (two queries)."""
    project_messages = messages_of_tenant(user).filter(project_id=project.pk)
    recent = list(
        project_messages.values("thread_id")
        .annotate(last_at=Max("created_at"))
        .order_by("-last_at", "thread_id")
        .values_list("thread_id", flat=True)[:limit]
    )
    threads = {thread_id: Thread(thread_id=thread_id) for thread_id in recent}
    if threads:
        for message in (
            project_messages.filter(thread_id__in=recent)
            .select_related("sender", "recipient")
            .order_by("created_at", "pk")
        ):
            message.project = project
            threads[message.thread_id].messages.append(message)
    return [thread for thread in threads.values() if thread.messages]


@dataclass(frozen=True)
class InboxRow:
    thread_id: object
    last: Message
    unread: int

    def other_person(self, user) -> User | None:
        """Who the user talks with in this conversation (None in a project thread post)."""
        if self.last.sender_id != user.pk:
            return self.last.sender
        return self.last.recipient


def inbox_page(user, *, unread_only: bool = False, page_number=None) -> tuple[Page, list]:
    """The user's conversations (what they sent or received), those with unread messages first,
    then by latest activity: a page of threads (count + page) and their latest messages."""
    mine = messages_of_tenant(user).filter(Q(recipient_id=user.pk) | Q(sender_id=user.pk))
    threads = (
        mine.values("thread_id")
        .annotate(
            last_at=Max("created_at"),
            unread=Count("pk", filter=Q(recipient_id=user.pk, is_read=False)),
        )
        .annotate(has_unread=Case(When(unread__gt=0, then=Value(1)), default=Value(0)))
        .order_by("-has_unread", "-last_at", "thread_id")
    )
    if unread_only:
        threads = threads.filter(unread__gt=0)
    page = Paginator(threads, INBOX_PAGE_SIZE).get_page(page_number)
    summaries = list(page.object_list)
    latest = {
        message.thread_id: message
        for message in mine.filter(thread_id__in=[row["thread_id"] for row in summaries])
        .select_related("sender", "recipient", "project")
        .order_by("thread_id", "-created_at", "-pk")
        .distinct("thread_id")
    }
    rows = [
        InboxRow(thread_id=row["thread_id"], last=latest[row["thread_id"]], unread=row["unread"])
        for row in summaries
        if row["thread_id"] in latest
    ]
    return page, rows
