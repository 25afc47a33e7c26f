"""Validation of what people type into the approvals pages (the rules live in the services)."""

from __future__ import annotations

import datetime

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.approvals.services.attachments import attachment_max_bytes
from apps.approvals.services.routing import DELEGATION_MAX_DAYS
from apps.core.calendar import end_of_day_in_zone, today_in_zone
from apps.core.files import ACCEPTED_EXTENSIONS, ACCEPTED_SUMMARY
from apps.core.forms import BootstrapFormMixin
from apps.core.i18n import for_reader
from apps.core.reasons import REASON_MAX
from apps.organizations.calendar import tenant_zone_name

REJECT_ASK = _("Say why it is rejected, so the work can be fixed.")


def _note(
    label: str | Promise, *, ask: str | Promise = "", one_line: bool = False
) -> forms.CharField:
    """Free text; required when `ask` says what to write. `one_line` for the decisions, which sit
    beside their button in every queue row."""
    messages = {
        "max_length": for_reader(_("Keep it under %(limit)s characters."), limit=REASON_MAX)
    }
    if ask:
        messages["required"] = ask
    return forms.CharField(
        label=label,
        required=bool(ask),
        max_length=REASON_MAX,
        strip=True,
        widget=forms.TextInput() if one_line else forms.Textarea(attrs={"rows": 2}),
        error_messages=messages,
    )


class ApproveForm(BootstrapFormMixin, forms.Form):
    comments = _note(_("Comments"), one_line=True)


class RejectForm(BootstrapFormMixin, forms.Form):
    reason = _note(_("Reason"), ask=REJECT_ASK, one_line=True)
    comments = _note(_("Comments"))


class CancelForm(BootstrapFormMixin, forms.Form):
    reason = _note(_("Reason"), ask=_("Say why the approval is cancelled."))


class EscalateForm(BootstrapFormMixin, forms.Form):
    comments = _note(_("Why now"))


class DelegateForm(BootstrapFormMixin, forms.Form):
    delegate = forms.ModelChoiceField(
        queryset=None,
        label=_("Delegate to"),
        empty_label=_("Choose a colleague…"),
        error_messages={
            "required": _("Choose who decides in your place."),
            "invalid_choice": _("Choose one of the listed colleagues."),
        },
    )
    until = forms.DateField(
        label=_("Until (inclusive)"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": _("Say until when they may decide."),
            "invalid": _("Give a date like 2025-03-31."),
        },
    )
    comments = _note(_("Comments"))

    def __init__(self, *args, candidates, organization_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegate"].queryset = candidates
        self.zone_name = tenant_zone_name(organization_id)
        today = today_in_zone(self.zone_name)
        self.fields["until"].widget.attrs.update(
            {
                "min": today.isoformat(),
                "max": (today + datetime.timedelta(days=DELEGATION_MAX_DAYS - 1)).isoformat(),
            }
        )

    def clean_until(self) -> datetime.datetime:
        """The last moment of the chosen day in the factory's calendar (apps.core.calendar): a
        delegation "until Friday" ends when Friday ends at the factory, wherever the approver is."""
        day = self.cleaned_data["until"]
        if day < today_in_zone(self.zone_name):
            raise forms.ValidationError(_("Choose today or a later day."))
        return end_of_day_in_zone(day, self.zone_name)


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Attach a file"),
        error_messages={
            "required": _("Choose a file to attach."),
            "empty": _("The file is empty."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = filesizeformat(attachment_max_bytes())
        self.fields["file"].help_text = gettext("%(accepted)s; up to %(limit)s.") % {
            "accepted": ACCEPTED_SUMMARY,
            "limit": limit,
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(ACCEPTED_EXTENSIONS)
