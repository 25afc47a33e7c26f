"""Validation of user input for documents. The file itself is checked by the services
(`apps.core.files`), so a direct call and a form give the same messages."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.files import oversized_message
from apps.core.forms import BootstrapFormMixin
from apps.core.reasons import REASON_MAX
from apps.core.widgets import FastSelectMultiple
from apps.documents.models import AccessLevel, DocumentCategory
from apps.documents.services.uploads import SUMMARY_MAX

TITLE_MAX = 255
TAGS_INPUT_MAX = 1000
DESCRIPTION_MAX = 5000


class FileInputForm(BootstrapFormMixin, forms.Form):
    """A form with a `file` field that knows about uploads cut off for being too large."""

    file = forms.FileField(
        label=_("File"),
        allow_empty_file=True,  # the service refuses empty files with its own message
        help_text=_("PDF, images, Office (.docx, .xlsx, .pptx), STEP, IGES, DXF, CSV or text."),
    )

    def __init__(self, *args, oversized: list[str] | tuple = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.oversized = list(oversized)
        if self.oversized:
            self.fields["file"].required = False

    def clean_file(self):
        if self.oversized:
            raise ValidationError(oversized_message(self.oversized[0]))
        return self.cleaned_data["file"]


class DocumentUploadForm(FileInputForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX,
        required=False,
        help_text=_("Leave empty to use the file name."),
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=DocumentCategory.choices, initial=DocumentCategory.OTHER
    )
    access_level = forms.ChoiceField(
        label=_("Who may open it"), choices=AccessLevel.choices, initial=AccessLevel.ORGANIZATION
    )
    # (id, label) pairs, read only when the form is shown or validated, and rendered in one pass
    # (FastSelectMultiple): a factory has hundreds of people and this form is on every project page.
    restricted_users = forms.TypedMultipleChoiceField(
        label=_("Named people"),
        choices=[],
        coerce=uuid.UUID,
        required=False,
        help_text=_("Only for “Named people only”: who may open the document."),
        error_messages={
            "invalid_choice": _(
                "Choose named people from the list: %(value)s is not an active "
                "person of your factory."
            )
        },
        widget=FastSelectMultiple(attrs={"size": 6}),
    )
    tags = forms.CharField(
        label=_("Tags"),
        max_length=TAGS_INPUT_MAX,
        required=False,
        help_text=_("Separate tags with commas, e.g. customer-drawing, rev-b."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args, people: Callable[[], list], with_project_code: bool = False, **kwargs
    ):
        """`people`: a callable returning the (id, label) choices of who can be named; called
        at most once, when the form is validated or shown."""
        super().__init__(*args, **kwargs)
        # Cached: a choice field reads a callable's choices again for every submitted value.
        self.fields["restricted_users"].choices = functools.cache(people)
        if with_project_code:
            self.fields["project_code"] = forms.CharField(
                label=_("Project code"),
                max_length=50,
                required=False,
                help_text=_("Leave empty for the factory's library (certificates, standards)."),
            )
            self.fields["project_code"].widget.attrs.update(
                {"class": "form-control", "placeholder": "P-25010001"}
            )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "uploaded_file": data["file"],
            "title": data["title"],
            "category": data["category"],
            "access_level": data["access_level"],
            "restricted_user_ids": data["restricted_users"],
            "tags": data["tags"],
            "description": data["description"],
        }


class NewVersionForm(FileInputForm):
    change_summary = forms.CharField(
        label=_("What changed"),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. Rev C: hole pattern moved 5 mm after the customer's review."),
    )


class DocumentDeleteForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: why it is deleted (kept in the project's history)."),
    )
