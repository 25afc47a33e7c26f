"""Validation of what people type into the message forms."""

from __future__ import annotations

from django import forms

from apps.messaging import selectors
from apps.messaging.models import MessagePriority
from apps.messaging.services import CONTENT_MAX, SUBJECT_MAX
from apps.organizations.forms import BootstrapFormMixin


def content_field() -> forms.CharField:
    return forms.CharField(
        label="Message",
        max_length=CONTENT_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": CONTENT_MAX}),
        error_messages={
            "required": "Write a message before sending.",
            "max_length": f"A message can be at most {CONTENT_MAX:,} characters long "
            "(this one has %(show_value)d).",
        },
    )


def priority_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        choices=MessagePriority.choices,
        initial=MessagePriority.NORMAL,
        error_messages={"invalid_choice": "Choose a priority from the list."},
    )


def subject_field() -> forms.CharField:
    return forms.CharField(max_length=SUBJECT_MAX, required=False, strip=True)


class DirectMessageForm(BootstrapFormMixin, forms.Form):
    recipient = forms.ModelChoiceField(
        label="To",
        queryset=None,
        empty_label="Choose a colleague…",
        error_messages={
            "required": "Choose who the message is for.",
            "invalid_choice": "Choose a colleague of your factory from the list.",
        },
    )
    subject = subject_field()
    content = content_field()
    priority = priority_field()

    def __init__(self, *args, sender, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = selectors.message_recipients(sender)


class ProjectMessageForm(BootstrapFormMixin, forms.Form):
    """A new thread on a project, or (with `parent`) a reply in one of its threads."""

    parent = forms.UUIDField(
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid": "The message you answered does not exist."},
    )
    subject = subject_field()
    content = content_field()
    priority = priority_field()


class ReplyForm(BootstrapFormMixin, forms.Form):
    content = content_field()
    priority = priority_field()
