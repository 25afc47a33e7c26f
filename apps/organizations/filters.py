"""Filters of the customers page (django-filter), applied inside the selectors."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.http import QueryDict

from apps.organizations.forms import EXTERNAL_TYPE_CHOICES, BootstrapFormMixin
from apps.organizations.models import Organization

SEARCH_MAX_LENGTH = 200


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet that shows nothing rather than guessing when a filter value is invalid.

    django-filter would silently drop an invalid value and list everything; a page instead shows
    the error (status 422) and an empty result.
    """

    @property
    def results(self) -> QuerySet:
        return self.qs if self.is_valid() else self.queryset.none()


class CustomerFilter(StrictFilterSet):
    STATUS_CHOICES = [("active", "Active"), ("inactive", "Deactivated"), ("all", "All")]

    q = django_filters.CharFilter(
        label="Search", method="search_name", max_length=SEARCH_MAX_LENGTH, strip=True
    )
    organization_type = django_filters.ChoiceFilter(
        label="Kind", choices=EXTERNAL_TYPE_CHOICES, empty_label="All kinds"
    )
    country = django_filters.ChoiceFilter(label="Country", choices=[], empty_label="All countries")
    status = django_filters.ChoiceFilter(
        label="Status", choices=STATUS_CHOICES, method="filter_status", empty_label=None
    )

    class Meta:
        model = Organization
        fields: list[str] = []
        form = FilterForm

    def __init__(self, data=None, *args, countries=(), **kwargs):
        # Always bound, and active organizations unless the user asks otherwise.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("status"):
            data["status"] = "active"
        super().__init__(data, *args, **kwargs)
        self.filters["country"].extra["choices"] = [(code, code) for code in countries]
        self.form.fields["q"].widget.attrs.update(
            {"placeholder": "Name contains…", "type": "search", "autocomplete": "off"}
        )

    def search_name(self, queryset, name, value):
        return queryset.filter(name__icontains=value)

    def filter_status(self, queryset, name, value):
        if value == "active":
            return queryset.filter(is_active=True)
        if value == "inactive":
            return queryset.filter(is_active=False)
        return queryset
