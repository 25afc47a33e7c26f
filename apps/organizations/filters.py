"""Filters of the customers page (django-filter), applied inside the selectors."""

from __future__ import annotations

import django_filters
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from apps.core.filters import FilterForm, StrictFilterSet, search_filter
from apps.organizations.forms import EXTERNAL_TYPE_CHOICES
from apps.organizations.models import Organization


class CustomerFilter(StrictFilterSet):
    STATUS_CHOICES = [("active", _("Active")), ("inactive", _("Deactivated")), ("all", _("All"))]

    q = search_filter(method="search_name")
    organization_type = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EXTERNAL_TYPE_CHOICES, empty_label=_("All kinds")
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"), choices=[], empty_label=_("All countries")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=None
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
            {"placeholder": _("Name contains…"), "autocomplete": "off"}
        )

    def search_name(self, queryset, name, value):
        return queryset.filter(name__icontains=value)

    def filter_status(self, queryset, name, value):
        if value == "active":
            return queryset.filter(is_active=True)
        if value == "inactive":
            return queryset.filter(is_active=False)
        return queryset
