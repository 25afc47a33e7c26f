"""Validation of user input for customers."""

from __future__ import annotations

import zoneinfo

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin
from apps.organizations.models import Organization, OrganizationType

EXTERNAL_TYPE_CHOICES = [
    (value, label)
    for value, label in OrganizationType.choices
    if value != OrganizationType.INTERNAL
]
TIMEZONE_CHOICES = [
    (name, name.replace("_", " "))
    for name in sorted(zoneinfo.available_timezones())
    if "/" in name and not name.startswith(("Etc/", "SystemV/", "posix/", "right/"))
] + [("UTC", "UTC")]
ADDRESS_MAX_LENGTH = 2000
DESCRIPTION_MAX_LENGTH = 5000


class CustomerForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    organization_type = forms.ChoiceField(
        label=_("Kind"), choices=EXTERNAL_TYPE_CHOICES, initial=OrganizationType.CUSTOMER
    )
    country = forms.CharField(
        label=_("Country"),
        max_length=2,
        required=False,
        help_text=_("Two-letter code, e.g. VN or US."),
        validators=[
            RegexValidator(r"^[A-Za-z]{2}$", _("Use the two-letter country code, e.g. VN or US."))
        ],
    )
    industry = forms.CharField(label=_("Industry"), max_length=100, required=False)
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=ADDRESS_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    timezone = forms.ChoiceField(
        label=_("Timezone"), choices=TIMEZONE_CHOICES, initial="Asia/Ho_Chi_Minh"
    )
    default_currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        initial="USD",
        validators=[RegexValidator(r"^[A-Za-z]{3}$", _("Use the three-letter code, e.g. USD."))],
    )

    def clean_country(self) -> str:
        return self.cleaned_data["country"].upper()

    def clean_default_currency(self) -> str:
        return self.cleaned_data["default_currency"].upper()

    @classmethod
    def initial_from(cls, customer: Organization) -> dict[str, str]:
        return {name: getattr(customer, name) for name in cls.base_fields}
