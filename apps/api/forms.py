"""The settings pages' forms: validation of user input only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.api.models import TokenScope, WebhookEvent
from apps.api.tokens import MAX_LIFETIME_DAYS
from apps.api.webhooks import SUBSCRIBABLE
from apps.core.forms import BootstrapFormMixin

EXPIRY_CHOICES = [(7, _("7 days")), (30, _("30 days")), (90, _("90 days")), (365, _("1 year"))]


class TokenCreateForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    scope = forms.ChoiceField(label=_("Scope"), choices=TokenScope.choices)
    expires_in_days = forms.TypedChoiceField(
        label=_("Expires after"),
        choices=EXPIRY_CHOICES,
        coerce=int,
        initial=90,
    )

    def clean_expires_in_days(self):
        days = self.cleaned_data["expires_in_days"]
        if not 1 <= days <= MAX_LIFETIME_DAYS:
            raise forms.ValidationError(_("Choose one of the listed lifetimes."))
        return days


class WebhookCreateForm(BootstrapFormMixin, forms.Form):
    url = forms.URLField(label=_("Endpoint URL (HTTPS)"), max_length=500, assume_scheme="https")
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(value, label) for value, label in WebhookEvent.choices if value in SUBSCRIBABLE],
        widget=forms.CheckboxSelectMultiple,
    )
