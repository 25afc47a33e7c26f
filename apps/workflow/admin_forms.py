"""Forms of the workflow editor pages: one stage's sub-stages, a new sub-stage, a template file.
They validate input only; the services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.users.models import Role
from apps.workflow.template_file import MAX_FILE_BYTES, MAX_HOURS

HOURS = "hours"
DAYS = "days"
UNITS = ((HOURS, _("hours")), (DAYS, _("days (24 h)")))
HOURS_PER_UNIT = {HOURS: 1, DAYS: 24}


def duration_initial(hours: int) -> dict:
    """A duration shown in days when it is whole days, else in hours."""
    if hours and hours % 24 == 0:
        return {"duration": hours // 24, "unit": DAYS}
    return {"duration": hours, "unit": HOURS}


class SubStageRulesForm(forms.Form):
    """A sub-stage's rules on one definition: roles as tick boxes, a duration with its unit."""

    responsible_roles = forms.MultipleChoiceField(
        label=_("Responsible"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=True,
    )
    duration = forms.IntegerField(label=_("Duration"), min_value=1, max_value=MAX_HOURS)
    unit = forms.ChoiceField(label=_("Unit"), choices=UNITS)
    requires_approval = forms.BooleanField(label=_("Needs approval"), required=False)
    approval_roles = forms.MultipleChoiceField(
        label=_("Approvers"),
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    can_skip = forms.BooleanField(label=_("Can be skipped"), required=False)
    auto_advance = forms.BooleanField(label=_("Advances automatically"), required=False)

    def clean(self):
        data = super().clean()
        if "duration" in data and "unit" in data:
            hours = data["duration"] * HOURS_PER_UNIT[data["unit"]]
            if hours > MAX_HOURS:
                self.add_error("duration", _("At most %(n)s hours.") % {"n": MAX_HOURS})
            data["estimated_duration_hours"] = hours
        if data.get("requires_approval") and not data.get("approval_roles"):
            self.add_error("approval_roles", _("Tick who approves it."))
        return data

    def rules(self) -> dict:
        data = self.cleaned_data
        return {
            "responsible_roles": data["responsible_roles"],
            "estimated_duration_hours": data["estimated_duration_hours"],
            "requires_approval": data["requires_approval"],
            "approval_roles": data["approval_roles"],
            "can_skip": data["can_skip"],
            "auto_advance": data["auto_advance"],
        }


class NewSubStageForm(SubStageRulesForm):
    """Filled in only to add one: left empty, the stage page's other buttons must still submit,
    so the browser is not told its fields are required (the view binds it only when named)."""

    use_required_attribute = False
    name = forms.CharField(label=_("Name"), max_length=150)
    field_order = ["name"]


class TemplateImportForm(forms.Form):
    file = forms.FileField(
        label=_("Workflow file (JSON)"),
        help_text=_("A file exported from a Factory Pulse workflow, at most 1 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB."))
        return upload
