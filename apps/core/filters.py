"""Filter bases every list page shares (django-filter), applied inside the selectors."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin

SEARCH_MAX_LENGTH = 200


class FilterForm(BootstrapFormMixin, forms.Form):
    pass


class SearchInput(forms.TextInput):
    """A search box: `type="search"` (set as the widget's type: a `type` put in its attrs after
    construction would be rendered as a second, ignored attribute). The filter bar searches as
    one types in it."""

    input_type = "search"


def search_filter(*, method: str) -> django_filters.CharFilter:
    """A list's "Search" box."""
    return django_filters.CharFilter(
        label=_("Search"),
        method=method,
        max_length=SEARCH_MAX_LENGTH,
        strip=True,
        widget=SearchInput,
    )


class StrictFilterSet(django_filters.FilterSet):
    """A FilterSet that shows nothing rather than guessing when a filter value is invalid.

    django-filter would silently drop an invalid value and list everything; a page instead shows
    the error (status 422) and an empty result.
    """

    @property
    def results(self) -> QuerySet:
        return self.qs if self.is_valid() else self.queryset.none()
