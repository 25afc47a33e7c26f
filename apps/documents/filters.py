"""Filters of the documents page (django-filter), applied inside the selectors."""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.filters import FilterForm, StrictFilterSet, search_filter
from apps.core.widgets import FastSelect
from apps.documents.models import AccessLevel, Document, DocumentCategory
from apps.users.selectors import team_list

PROJECT_CODE_MAX_LENGTH = 50


class DocumentFilter(StrictFilterSet):
    q = search_filter(method="search")
    category = django_filters.ChoiceFilter(
        label=_("Category"),
        choices=DocumentCategory.choices,
        empty_label=_("All categories"),
    )
    project = django_filters.CharFilter(
        label=_("Project code"),
        method="filter_project",
        max_length=PROJECT_CODE_MAX_LENGTH,
        strip=True,
    )
    # (id, name) pairs rather than a model choice field: a factory has hundreds of people, and a
    # model instance for each costs more than the query. Read only when the form is shown or a
    # value is given (a lazy callable).
    uploaded_by = django_filters.ChoiceFilter(
        label=_("Uploaded by"), choices=[], empty_label=_("Anyone"), widget=FastSelect
    )
    access_level = django_filters.ChoiceFilter(
        label=_("Access"), choices=AccessLevel.choices, empty_label=_("Any access")
    )

    class Meta:
        model = Document
        fields: list[str] = []
        form = FilterForm

    def __init__(self, data=None, *args, user, **kwargs):
        super().__init__(data, *args, **kwargs)
        # Everyone of the factory, deactivated people too: their uploads stay in the library.
        self.filters["uploaded_by"].extra["choices"] = lambda: list(
            team_list(user).order_by("name", "pk").values_list("pk", "name")
        )
        self.form.fields["q"].widget.attrs.update(
            {"placeholder": _("Title, file name or tag…"), "autocomplete": "off"}
        )
        self.form.fields["project"].widget.attrs.update(
            {"placeholder": "P-25010001", "autocomplete": "off"}
        )

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(file_name__icontains=value)
            | Q(tags__contains=[" ".join(value.split()).lower()])
        )

    def filter_project(self, queryset, name, value):
        if value.lower() == "library":
            return queryset.filter(project__isnull=True)
        return queryset.filter(project__project_id__iexact=value)
