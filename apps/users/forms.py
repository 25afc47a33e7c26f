"""Validation of user input for the team page."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.http import QueryDict

from apps.core.filters import SEARCH_MAX_LENGTH, FilterForm, StrictFilterSet
from apps.users.models import Role, User, UserStatus


class TeamMemberAccessForm(forms.Form):
    """Validates the role and status posted from one row of the team table (the row's markup is
    the template's)."""

    role = forms.ChoiceField(choices=Role.choices)
    status = forms.ChoiceField(choices=UserStatus.choices)


class TeamFilter(StrictFilterSet):
    """Filters of the team page. (A FilterSet validates query-string input, so it lives with the
    forms of this app.)"""

    q = django_filters.CharFilter(
        label="Search", method="search", max_length=SEARCH_MAX_LENGTH, strip=True
    )
    role = django_filters.ChoiceFilter(choices=Role.choices, empty_label="All roles")
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
