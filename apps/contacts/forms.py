"""Validation of user input for contacts."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from apps.contacts.models import Contact, ContactType
from apps.core.forms import BootstrapFormMixin

NOTES_MAX_LENGTH = 5000


class ContactForm(BootstrapFormMixin, forms.Form):
    contact_name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Job title"), max_length=100, required=False)
    email = forms.EmailField(label=_("Email"), max_length=254, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=50,
        required=False,
        validators=[
            RegexValidator(
                r"^[0-9+()./\-\s]*(?:(?:ext|x)\.?\s*[0-9]+)?$",
                _("Use digits, spaces and + ( ) - . only, e.g. +84 28 3812 3456."),
            )
        ],
    )
    type = forms.ChoiceField(label=_("Type"), choices=ContactType.choices)
    notes = forms.CharField(
        label=_("Notes"),
        max_length=NOTES_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    @classmethod
    def initial_from(cls, contact: Contact) -> dict[str, str]:
        return {name: getattr(contact, name) for name in cls.base_fields}
