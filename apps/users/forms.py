"""Validation of user input: sign-in and the team page."""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.db.models import Q
from django.http import QueryDict

from apps.core.filters import SEARCH_MAX_LENGTH, FilterForm, StrictFilterSet
from apps.users.models import User, UserStatus
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
                message=f"An e-mail address has at most {EMAIL_MAX_LENGTH} characters.",
            )
        )


class SignInForm(SignInLengthMixin, AuthenticationForm):
    pass


class AdminSignInForm(SignInLengthMixin, AdminAuthenticationForm):
    pass


class TeamMemberAccessForm(forms.Form):
    """Validates the role and status posted from one row of the team table (the row's markup is
    the template's)."""

    role = forms.ChoiceField(choices=STAFF_ROLE_CHOICES)
    status = forms.ChoiceField(choices=UserStatus.choices)


class TeamFilter(StrictFilterSet):
    """Filters of the team page. (A FilterSet validates query-string input, so it lives with the
    forms of this app.)"""

    q = django_filters.CharFilter(
        label="Search", method="search", max_length=SEARCH_MAX_LENGTH, strip=True
    )
    role = django_filters.ChoiceFilter(choices=STAFF_ROLE_CHOICES, empty_label="All roles")
    status = django_filters.ChoiceFilter(choices=UserStatus.choices, empty_label="All statuses")

    class Meta:
        model = User
        fields: list[str] = []
        form = FilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data if data is not None else QueryDict(), *args, **kwargs)
        self.form.fields["q"].widget.attrs.update(
            {"placeholder": "Name or e-mail…", "type": "search", "autocomplete": "off"}
        )

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(email__icontains=value))
