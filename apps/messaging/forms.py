"""Validation of what people type into the message forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin
from apps.core.widgets import FastSelect
from apps.messaging import selectors
from apps.messaging.models import MessagePriority
from apps.messaging.services import CONTENT_MAX, SUBJECT_MAX, too_long_message

MESSAGE_LABEL = _("Message")


def content_field(label=MESSAGE_LABEL, rows: int = 4) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=CONTENT_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": _("Write a message before sending."),
            # Django fills in %(show_value)s when it reports the error.
            "max_length": too_long_message("%(show_value)s"),
        },
    )


def priority_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Priority"),
        choices=MessagePriority.choices,
        initial=MessagePriority.NORMAL,
        error_messages={"invalid_choice": _("Choose a priority from the list.")},
    )


def subject_field() -> forms.CharField:
    return forms.CharField(label=_("Subject"), max_length=SUBJECT_MAX, required=False, strip=True)


class DirectMessageForm(BootstrapFormMixin, forms.Form):
    recipient = forms.ModelChoiceField(
        label=_("To"),
        queryset=None,
        empty_label=_("Choose a colleague…"),
        widget=FastSelect,
        error_messages={
            "required": _("Choose who the message is for."),
            "invalid_choice": _("Choose a colleague of your factory from the list."),
        },
    )
    subject = subject_field()
    content = content_field()
    priority = priority_field()

    def __init__(self, *args, sender, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = selectors.message_recipients(sender)


class ProjectThreadForm(BootstrapFormMixin, forms.Form):
    """A new thread on a project."""

    subject = subject_field()
    content = content_field()
    priority = priority_field()


class ProjectReplyForm(BootstrapFormMixin, forms.Form):
    """An answer in one of a project's threads. `parent` (the thread's latest message) only
    travels with the form: the view loads it, with a 404 for anything not of this project, before
    the form is bound."""

    parent = forms.UUIDField(widget=forms.HiddenInput)
    content = content_field(label=_("Reply"), rows=2)

    def __init__(self, *args, thread_id, **kwargs):
        # The section shows one reply form per thread: the ids name the thread.
        super().__init__(*args, auto_id=f"reply-{thread_id}-%s", **kwargs)
        self.thread_id = thread_id


class ReplyForm(BootstrapFormMixin, forms.Form):
    content = content_field()
    priority = priority_field()
