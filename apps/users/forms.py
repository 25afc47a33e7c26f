"""Validation of user input: sign-in, the team page and one's own settings."""

from __future__ import annotations

import django_filters
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from apps.core.filters import SEARCH_MAX_LENGTH, FilterForm, StrictFilterSet
from apps.users.models import User, UserStatus
from apps.users.preferences import THEMES, emailed_kinds, is_timezone, notification_kinds, theme
from apps.users.roles import STAFF_ROLE_CHOICES

# The longest e-mail address there is (RFC 5321 path limit, the users.email column).
EMAIL_MAX_LENGTH = User._meta.get_field("email").max_length


class SignInLengthMixin:
    """Refuses a sign-in name longer than any e-mail address before it reaches authentication.

    Django's AuthenticationForm sets the field's max_length after the field was built, so the
    length is never checked; an over-long name went on to django-axes, whose record of the failed
    attempt is a varchar(255), and the sign-in answered 500."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].validators.append(
            MaxLengthValidator(
                EMAIL_MAX_LENGTH,
                message=_("An e-mail address has at most %(limit_value)d characters."),
            )
        )


class SignInForm(SignInLengthMixin, AuthenticationForm):
    pass


class AdminSignInForm(SignInLengthMixin, AdminAuthenticationForm):
    pass


class TeamMemberAccessForm(forms.Form):
    """Validates the role and status posted from one row of the team table (the row's markup is
    the template's)."""

    role = forms.ChoiceField(label=_("Role"), choices=STAFF_ROLE_CHOICES)
    status = forms.ChoiceField(label=_("Status"), choices=UserStatus.choices)


class TeamFilter(StrictFilterSet):
    """Filters of the team page. (A FilterSet validates query-string input, so it lives with the
    forms of this app.)"""

    q = django_filters.CharFilter(
        label=_("Search"), method="search", max_length=SEARCH_MAX_LENGTH, strip=True
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"), choices=STAFF_ROLE_CHOICES, empty_label=_("All roles")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=UserStatus.choices, empty_label=_("All statuses")
    )

    class Meta:
        model = User
        fields: list[str] = []
        form = FilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data if data is not None else QueryDict(), *args, **kwargs)
        self.form.fields["q"].widget.attrs.update(
            {"placeholder": _("Name or e-mail…"), "type": "search", "autocomplete": "off"}
        )

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(email__icontains=value))


class MySettingsForm(forms.Form):
    """The "My settings" page: what a person may change about themself. The timezone is typed
    (the browser offers the IANA names as a list to search) and must be one of them."""

    name = forms.CharField(
        label=_("Display name"), max_length=User._meta.get_field("name").max_length
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=User._meta.get_field("phone").max_length, required=False
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    timezone = forms.CharField(
        label=_("Timezone"),
        max_length=64,
        help_text=_("Type to search, e.g. Asia/Ho_Chi_Minh."),
        widget=forms.TextInput(attrs={"list": "timezone-names", "autocomplete": "off"}),
    )
    email_kinds = forms.MultipleChoiceField(
        label=_("E-mail me about urgent and high-priority notifications of these kinds"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    theme = forms.ChoiceField(label=_("Theme"), choices=THEMES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email_kinds"].choices = notification_kinds()
        for name, field in self.fields.items():
            if name != "email_kinds":
                css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
                field.widget.attrs.setdefault("class", css)

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Write the name your colleagues know you by."))
        return name

    def clean_timezone(self) -> str:
        name = self.cleaned_data["timezone"].strip()
        if not is_timezone(name):
            raise ValidationError(
                _("“%(name)s” is not a timezone. Choose one from the list, e.g. Asia/Ho_Chi_Minh."),
                code="unknown_timezone",
                params={"name": name},
            )
        return name

    @classmethod
    def initial_for(cls, user: User) -> dict:
        preferences = user.preferences or {}
        return {
            "name": user.name,
            "phone": user.phone,
            "language": preferences.get("language") or settings.LANGUAGE_CODE,
            "timezone": preferences.get("timezone") or settings.TIME_ZONE,
            "email_kinds": sorted(emailed_kinds(preferences)),
            "theme": theme(user),
        }
