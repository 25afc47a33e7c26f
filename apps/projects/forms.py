"""Validation of user input for projects: intake, edit, cancel and the inline workflow actions."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.contacts.forms import ContactForm
from apps.contacts.models import Contact
from apps.core.forms import BootstrapFormMixin
from apps.core.reasons import REASON_MAX
from apps.organizations.calendar import tenant_date, tenant_today
from apps.organizations.models import Organization
from apps.organizations.selectors import customer_with_same_name, external_organizations
from apps.projects.models import IntakeSource, IntakeType, PriorityLevel, ProjectType
from apps.projects.selectors.listing import customer_contacts
from apps.users.models import User
from apps.users.selectors import active_colleagues

TITLE_MAX_LENGTH = 255
DESCRIPTION_MAX_LENGTH = 10_000
NOTES_MAX_LENGTH = 10_000
TAG_MAX_LENGTH = 50
TAGS_MAX = 20
VALUE_MAX = Decimal("999999999999.99")  # numeric(14, 2)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _reload_contacts_on_change(field: forms.Field) -> None:
    """With htmx, picking another customer reloads the contact choices (#id_point_of_contact)."""
    field.widget.attrs.update(
        {
            "hx-get": reverse("projects:contact_options"),
            "hx-target": "#id_point_of_contact",
            "hx-trigger": "change",
            "hx-swap": "innerHTML",
        }
    )


class TagsField(forms.CharField):
    """Comma-separated tags: trimmed, de-duplicated, each short."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", TAGS_MAX * (TAG_MAX_LENGTH + 2))
        kwargs.setdefault("label", _("Tags"))
        kwargs.setdefault("help_text", _("Separate tags with commas, e.g. automotive, stainless."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def clean(self, value) -> list[str]:
        text = super().clean(value)
        tags: list[str] = []
        for raw in text.split(","):
            tag = raw.strip()
            if tag and tag not in tags:
                if len(tag) > TAG_MAX_LENGTH:
                    raise ValidationError(
                        gettext("Keep each tag under %(max)d characters.") % {"max": TAG_MAX_LENGTH}
                    )
                tags.append(tag)
        if len(tags) > TAGS_MAX:
            raise ValidationError(gettext("Use at most %(max)d tags.") % {"max": TAGS_MAX})
        return tags


class ProjectFieldsForm(BootstrapFormMixin, forms.Form):
    """The fields a project has at intake and on the edit page."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX_LENGTH)
    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    project_type = forms.ChoiceField(
        label=_("Project type"), choices=ProjectType.choices, initial=ProjectType.FABRICATION
    )
    intake_type = forms.ChoiceField(
        label=_("Intake type"), choices=IntakeType.choices, initial=IntakeType.RFQ
    )
    intake_source = forms.ChoiceField(
        label=_("Intake source"), choices=IntakeSource.choices, initial=IntakeSource.EMAIL
    )
    priority_level = forms.ChoiceField(
        label=_("Priority"), choices=PriorityLevel.choices, initial=PriorityLevel.NORMAL
    )
    requested_delivery_date = forms.DateField(
        label=_("Requested delivery"), required=False, widget=DateInput()
    )
    estimated_value = forms.DecimalField(
        label=_("Estimated value"),
        required=False,
        min_value=Decimal(0),
        max_value=VALUE_MAX,
        decimal_places=2,
        max_digits=14,
    )
    assigned_to = forms.ModelChoiceField(
        label=_("Assignee"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
    )
    tags = TagsField()

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["assigned_to"].queryset = active_colleagues(user)


class IntakeForm(ProjectFieldsForm):
    """A new inquiry: an existing customer, or a new one (and a new contact) typed in here."""

    CUSTOMER_MODES = [("existing", _("Existing customer")), ("new", _("New customer"))]

    customer_mode = forms.ChoiceField(
        label=_("Customer"), choices=CUSTOMER_MODES, initial="existing", widget=forms.RadioSelect
    )
    customer_organization = forms.ModelChoiceField(
        label=_("Customer"), queryset=Organization.objects.none(), required=False
    )
    point_of_contact = forms.ModelChoiceField(
        label=_("Contact"),
        queryset=Contact.objects.none(),
        required=False,
        empty_label=_("No contact"),
    )
    customer_name = forms.CharField(label=_("Company name"), max_length=200, required=False)
    customer_country = forms.CharField(
        label=_("Country"),
        max_length=2,
        required=False,
        validators=[RegexValidator(r"^[A-Za-z]{2}$", _("Use the two-letter code, e.g. VN or US."))],
    )
    customer_industry = forms.CharField(label=_("Industry"), max_length=100, required=False)
    new_contact_name = forms.CharField(label=_("Contact name"), max_length=200, required=False)
    new_email = ContactForm.base_fields["email"]
    new_phone = ContactForm.base_fields["phone"]

    field_order = ["customer_mode", "customer_organization", "point_of_contact"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["customer_organization"].queryset = (
            external_organizations(user).filter(is_active=True).order_by("name")
        )
        _reload_contacts_on_change(self.fields["customer_organization"])
        self.fields["customer_mode"].widget.attrs["class"] = "form-check-input"
        self.fields["assigned_to"].empty_label = _("Me")  # the intake assigns whoever records it
        self.fields["new_email"].label = _("Contact e-mail")
        self.fields["new_phone"].label = _("Contact phone")
        customer_id = self.data.get(self.add_prefix("customer_organization")) or self.initial.get(
            "customer_organization"
        )
        self.fields["point_of_contact"].queryset = customer_contacts(user, customer_id)

    def clean_requested_delivery_date(self) -> datetime.date | None:
        value = self.cleaned_data["requested_delivery_date"]
        if value and value < tenant_today(self.user.organization_id):
            raise ValidationError(gettext("The requested delivery date is in the past."))
        return value

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("customer_mode") == "new":
            if not cleaned.get("customer_name", "").strip():
                self.add_error("customer_name", gettext("Give the new customer's company name."))
            else:
                self._offer_the_existing_customer(cleaned["customer_name"])
            has_contact_details = cleaned.get("new_email") or cleaned.get("new_phone")
            if has_contact_details and not cleaned.get("new_contact_name", "").strip():
                self.add_error("new_contact_name", gettext("Give the contact's name."))
        elif cleaned.get("customer_mode") == "existing" and not cleaned.get(
            "customer_organization"
        ):
            self.add_error("customer_organization", gettext("Choose the customer."))
        return cleaned

    def _offer_the_existing_customer(self, name: str) -> None:
        """A "new" customer that is one already recorded (the same name, give or take case,
        accents and spaces) is refused, and the form comes back with that customer chosen, so
        saving again records the inquiry for it; a deactivated one must be restored first."""
        existing = customer_with_same_name(self.user, name)
        if existing is None:
            return
        if not existing.is_active:
            self.add_error(
                "customer_name",
                gettext(
                    "“%(customer)s” is already recorded but deactivated: restore it on its page "
                    "and choose it."
                )
                % {"customer": existing.name},
            )
            return
        self.add_error(
            None,
            gettext(
                "“%(customer)s” is already one of your customers, so it is chosen for you now "
                "instead of adding it again. Check the contact and save again."
            )
            % {"customer": existing.name},
        )
        self.data = self.data.copy()
        self.data[self.add_prefix("customer_mode")] = "existing"
        self.data[self.add_prefix("customer_organization")] = str(existing.pk)
        self.fields["point_of_contact"].queryset = customer_contacts(self.user, existing.pk)

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        mode = data.pop("customer_mode")
        customer_fields = {
            "name": data.pop("customer_name").strip(),
            "country": data.pop("customer_country").upper(),
            "industry": data.pop("customer_industry"),
        }
        contact_fields = {
            "contact_name": data.pop("new_contact_name").strip(),
            "email": data.pop("new_email"),
            "phone": data.pop("new_phone"),
        }
        customer = data.pop("customer_organization")
        contact = data.pop("point_of_contact")
        if mode == "new":
            data["new_customer"] = customer_fields
            data["new_contact"] = contact_fields if contact_fields["contact_name"] else None
        else:
            data["customer"] = customer
            data["contact"] = contact
        return data


class ProjectEditForm(ProjectFieldsForm):
    """The edit page: the intake fields plus the dates and values that come later."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    customer_organization = forms.ModelChoiceField(
        label=_("Customer"), queryset=Organization.objects.none()
    )
    point_of_contact = forms.ModelChoiceField(
        label=_("Contact"),
        queryset=Contact.objects.none(),
        required=False,
        empty_label=_("No contact"),
    )
    promised_delivery_date = forms.DateField(
        label=_("Promised delivery"), required=False, widget=DateInput()
    )
    estimated_delivery_date = forms.DateField(
        label=_("Estimated delivery"), required=False, widget=DateInput()
    )
    actual_value = forms.DecimalField(
        label=_("Actual value"),
        required=False,
        min_value=Decimal(0),
        max_value=VALUE_MAX,
        decimal_places=2,
        max_digits=14,
    )
    notes = forms.CharField(
        label=_("Notes"),
        max_length=NOTES_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, project, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.project = project
        # The current customer stays choosable even if it was deactivated since.
        self.fields["customer_organization"].queryset = external_organizations(user).order_by(
            "name"
        )
        _reload_contacts_on_change(self.fields["customer_organization"])
        customer_id = self.data.get(self.add_prefix("customer_organization")) or (
            project.customer_organization_id
        )
        self.fields["point_of_contact"].queryset = customer_contacts(user, customer_id)

    @classmethod
    def initial_from(cls, project) -> dict:
        names = [name for name in cls.base_fields if name != "version"]
        initial = {name: getattr(project, name) for name in names}
        initial["version"] = project.version
        return initial

    def clean(self):
        cleaned = super().clean()
        promised = cleaned.get("promised_delivery_date")
        created = tenant_date(self.project.organization_id, self.project.created_at)
        if promised and promised < created:
            self.add_error(
                "promised_delivery_date",
                gettext("The promised date is before the inquiry arrived."),
            )
        return cleaned

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version")
        return data


class ReasonForm(BootstrapFormMixin, forms.Form):
    """A required reason (cancel, block, move back, reject)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        strip=True,
    )


class OptionalReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX, required=False, strip=True)


class ReassignForm(BootstrapFormMixin, forms.Form):
    assignee = forms.ModelChoiceField(label=_("Assignee"), queryset=User.objects.none())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = active_colleagues(user)
