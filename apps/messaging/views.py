"""Messages pages: the inbox, writing to a colleague, a conversation, and a project's threads
(the section that the project page loads with HTMX).

Invalid input (empty, whitespace only, too long, a recipient who is not a colleague) is answered
422 with the form and its errors; another tenant's project, thread or message is a 404.
"""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from apps.core.htmx import UNPROCESSABLE, render_page_or_partial
from apps.core.pagination import page_number
from apps.messaging import selectors, services
from apps.messaging.forms import (
    DirectMessageForm,
    ProjectReplyForm,
    ProjectThreadForm,
    ReplyForm,
)
from apps.projects.selectors import project_ref_get_for_user
from apps.users.permissions import has_permission, permission_require, require_permission


def _unread_for(user, messages) -> set:
    """Ids of the messages addressed to the user that they had not read (shown as new)."""
    return {m.pk for m in messages if m.recipient_id == user.pk and not m.is_read}


@require_GET
@require_permission("messages.view")
def inbox_view(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    page, rows = selectors.inbox_page(
        request.user, unread_only=unread_only, page_number=page_number(request.GET.get("page"))
    )
    context = {
        "page": page,
        "rows": [(row, row.other_person(request.user)) for row in rows],
        "unread_only": unread_only,
        "can_send": has_permission(request.user, "messages.send"),
    }
    return render_page_or_partial(request, "messaging/inbox.html", "inbox-list", context)


@require_http_methods(["GET", "POST"])
@require_permission("messages.send")
def compose_view(request: HttpRequest) -> HttpResponse:
    initial = {"recipient": request.GET.get("to")} if request.GET.get("to") else {}
    form = DirectMessageForm(request.POST or None, sender=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            message = services.message_send_direct(sender=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            flash.success(
                request,
                gettext("Your message to %(name)s was sent.") % {"name": message.recipient.name},
            )
            return redirect("messaging:thread", thread_id=message.thread_id)
    status = UNPROCESSABLE if form.is_bound else 200
    return render(request, "messaging/compose.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@require_permission("messages.view")
def thread_view(request: HttpRequest, thread_id) -> HttpResponse:
    """A conversation; reading it marks what was addressed to the reader as read. POST answers
    its latest message."""
    thread = selectors.thread_get_for_user(request.user, thread_id)
    form = ReplyForm()
    status = 200
    if request.method == "POST":
        permission_require(request.user, "messages.send")
        form = ReplyForm(request.POST)
        if form.is_valid():
            try:
                services.message_reply(sender=request.user, parent=thread.last, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_error(error)
            else:
                if not request.htmx:
                    return redirect("messaging:thread", thread_id=thread.thread_id)
                thread = selectors.thread_get_for_user(request.user, thread_id)
                form = ReplyForm()
        status = UNPROCESSABLE if form.errors else 200
    unread_ids = _unread_for(request.user, thread.messages)
    services.message_threads_seen(
        user=request.user, thread_ids=[thread.thread_id], message_ids=unread_ids
    )
    context = {
        "thread": thread,
        "form": form,
        "unread_ids": unread_ids,
        "can_send": has_permission(request.user, "messages.send"),
    }
    template = "messaging/thread.html"
    if request.method == "POST" and request.htmx:
        template += "#thread-body"
    return render(request, template, context, status=status)


def _start_thread(request: HttpRequest, project) -> ProjectThreadForm:
    form = ProjectThreadForm(request.POST)
    if form.is_valid():
        try:
            services.message_post_to_project(
                sender=request.user, project=project, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_service_error(error)
    return form


def _reply(request: HttpRequest, project) -> ProjectReplyForm:
    """Answer in one of the project's threads: a message of another project, or none, is a 404."""
    parent = selectors.project_message_get(request.user, project, request.POST["parent"])
    form = ProjectReplyForm(request.POST, thread_id=parent.thread_id)
    if form.is_valid():
        try:
            services.message_reply(
                sender=request.user, parent=parent, content=form.cleaned_data["content"]
            )
        except ValidationError as error:
            form.add_service_error(error)
    return form


@require_http_methods(["GET", "POST"])
@require_permission("messages.view")
def project_thread_view(request: HttpRequest, project_pk) -> HttpResponse:
    """The project's threads, a form to start one and one under each thread to answer in it. A
    POST binds the form it came from, so a refused reply shows its errors under its own thread.
    HTMX gets the section (the project page loads it with hx-get on load); a plain request gets a
    page around it."""
    permission_require(request.user, "projects.view")
    project = project_ref_get_for_user(request.user, project_pk)
    thread_form, reply_form = ProjectThreadForm(), None
    if request.method == "POST":
        permission_require(request.user, "messages.send")
        if "parent" in request.POST:
            posted = reply_form = _reply(request, project)
        else:
            posted = thread_form = _start_thread(request, project)
        if not posted.errors:
            if not request.htmx:
                return redirect("messaging:project_thread", project_pk=project.pk)
            thread_form, reply_form = ProjectThreadForm(), None
    threads = selectors.project_threads(request.user, project)
    unread_ids = _unread_for(request.user, [m for thread in threads for m in thread.messages])
    services.message_threads_seen(
        user=request.user,
        thread_ids=[thread.thread_id for thread in threads],
        message_ids=unread_ids,
    )
    context = {
        "project": project,
        "thread_form": thread_form,
        "threads": [(thread, _reply_form(thread, reply_form)) for thread in threads],
        "unread_ids": unread_ids,
        "can_send": has_permission(request.user, "messages.send"),
    }
    return render_page_or_partial(
        request,
        "messaging/project_thread.html",
        "project-thread",
        context,
        status=UNPROCESSABLE if thread_form.errors or reply_form is not None else 200,
    )


def _reply_form(thread, refused: ProjectReplyForm | None) -> ProjectReplyForm:
    """The form under a thread: the refused reply, with its errors, under the thread it answered;
    elsewhere an empty one answering the thread's latest message."""
    if refused is not None and refused.thread_id == thread.thread_id:
        return refused
    return ProjectReplyForm(thread_id=thread.thread_id, initial={"parent": thread.last.pk})
