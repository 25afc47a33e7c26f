"""Form bases every app's forms share."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError


class BootstrapFormMixin:
    """Bootstrap classes on every widget, `is-invalid` on fields with errors, and a way to show a
    service's ValidationError on the form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self):
        super().full_clean()
        self._mark_invalid_fields()

    def add_error(self, field, error):
        # Errors added after validation (a service's refusal, e.g. an upload whose content is
        # refused) must mark their field too: Bootstrap shows a field's message only beside an
        # `is-invalid` input, so without it the message is in the page but invisible.
        super().add_error(field, error)
        self._mark_invalid_fields()

    def _mark_invalid_fields(self) -> None:
        for name in self._errors or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "").split()
                if "is-invalid" not in classes:
                    widget.attrs["class"] = " ".join([*classes, "is-invalid"])

    def add_service_error(self, error: ValidationError) -> None:
        """Put a service's errors on the matching fields; the rest go above the form."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                target = field if field in self.fields else None
                for message in messages:
                    self.add_error(target, message)
        else:
            for message in error.messages:
                self.add_error(None, message)
