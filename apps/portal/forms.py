from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.documents.models import DocumentCategory
from apps.portal.services import CUSTOMER_CATEGORIES, MESSAGE_MAX


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
