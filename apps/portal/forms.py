from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.documents.models import DocumentCategory
from apps.portal.models import DecisionKind
from apps.portal.services import COMMENT_MAX, CUSTOMER_CATEGORIES, MESSAGE_MAX


class PortalMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PortalUploadForm(forms.Form):
    file = forms.FileField(label=_("File"))
    category = forms.ChoiceField(
        label=_("What is it?"),
        choices=[(value, DocumentCategory(value).label) for value in CUSTOMER_CATEGORIES],
        initial=DocumentCategory.DRAWING,
    )
    title = forms.CharField(label=_("Title (optional)"), max_length=255, required=False)


class PortalInviteForm(forms.Form):
    contact = forms.UUIDField(widget=forms.HiddenInput)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class PortalInquiryForm(forms.Form):
    title = forms.CharField(label=_("What do you need?"), max_length=255)
    description = forms.CharField(
        label=_("Details (quantities, material, finish…)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    requested_delivery_date = forms.DateField(
        label=_("Wanted by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    files = MultipleFileField(label=_("Drawings, specifications"), required=False)


class PortalDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=DecisionKind.choices, widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Comment (needed to reject)"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
