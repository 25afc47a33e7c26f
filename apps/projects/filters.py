"""Filters of the projects list and board (django-filter), applied inside the selectors."""

from __future__ import annotations

import django_filters
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.access import parse_uuid
from apps.core.filters import FilterForm, StrictFilterSet, search_filter
from apps.core.widgets import FastSelect, OnDemandSelect
from apps.organizations.selectors import external_organizations
from apps.projects.models import (
    CLOSED_PROJECT,
    PriorityLevel,
    Project,
    ProjectStatus,
)
from apps.projects.search import projects_matching
from apps.users.selectors import active_colleagues
from apps.workflow.models import WorkflowStage

STATE_CHOICES = [
    ("open", _("Running")),
    ("closed", _("Completed or cancelled")),
    ("all", _("All")),
]


class ProjectFilter(StrictFilterSet):
    q = search_filter(method="search")
    state = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=STATE_CHOICES,
        method="filter_state",
        empty_label=None,
        widget=FastSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ProjectStatus.choices,
        empty_label=_("Any status"),
        widget=FastSelect,
    )
    # Choice lists of (id, name) pairs rather than model choice fields: building a model instance
    # for each costs more than the query. They are read only when the form is shown or a value is
    # given (lazy callables). The customers and colleagues (hundreds of each) are not listed on
    # the page at all: their choices are only the one asked for (read to check it is the tenant's
    # and to show it), and the <select> loads the others when used (`filter_options`).
    current_stage = django_filters.ChoiceFilter(
        label=_("Stage"), choices=[], empty_label=_("Any stage"), widget=FastSelect
    )
    priority_level = django_filters.ChoiceFilter(
        label=_("Priority"),
        choices=PriorityLevel.choices,
        empty_label=_("Any priority"),
        widget=FastSelect,
    )
    customer_organization = django_filters.ChoiceFilter(
        label=_("Customer"), choices=[], empty_label=_("Any customer"), widget=OnDemandSelect
    )
    assigned_to = django_filters.ChoiceFilter(
        label=_("Assignee"), choices=[], empty_label=_("Anyone"), widget=OnDemandSelect
    )
    overdue = django_filters.ChoiceFilter(
        label=_("Due"),
        choices=[("true", _("Overdue")), ("false", _("On time"))],
        method="filter_overdue",
        empty_label=pgettext_lazy("filter", "Any"),
        widget=FastSelect,
    )

    class Meta:
        model = Project
        fields: list[str] = []
        form = FilterForm

    def __init__(self, data=None, *args, user, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("state"):
            data["state"] = "open"
        super().__init__(data, *args, **kwargs)
        tenant = user.organization_id
        self.filters["current_stage"].extra["choices"] = lambda: list(
            WorkflowStage.objects.filter(organization_id=tenant, is_active=True)
            .order_by("stage_order", "name")
            .values_list("pk", "name")
        )
        for name in ON_DEMAND_CHOICES:
            self.filters[name].extra["choices"] = _chosen_only(user, name, data.get(name))
        # (The form is built on first use: only once every filter's choices are set.)
        for name in ON_DEMAND_CHOICES:
            self.form.fields[name].widget.options_url = reverse(
                "projects:filter_options", kwargs={"field": name}
            )
        self.form.fields["q"].widget.attrs.update(
            {"placeholder": _("Code, title, customer…"), "autocomplete": "off"}
        )

    def search(self, queryset, name, value):
        return projects_matching(queryset, value)

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.exclude(status__in=CLOSED_PROJECT)
        if value == "closed":
            return queryset.filter(status__in=CLOSED_PROJECT)
        return queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(is_overdue=value == "true")


def _customers(user):
    return external_organizations(user).order_by("name").values_list("pk", "name")


def _assignees(user):
    return active_colleagues(user).values_list("pk", "name")


# The filters whose <select> loads its options on demand, and the tenant's (id, name) choices.
ON_DEMAND_CHOICES = {"customer_organization": _customers, "assigned_to": _assignees}


def filter_choices(user, name: str) -> list[tuple]:
    """Every choice of an on-demand filter, scoped to the user's tenant."""
    return list(ON_DEMAND_CHOICES[name](user))


def _chosen_only(user, name: str, value):
    """The choices of an on-demand filter as the page needs them: the chosen one, if it is one of
    the tenant's (else none, and the value is refused as an invalid choice)."""

    def choices():
        key = parse_uuid(value)
        if key is None:
            return []
        return list(ON_DEMAND_CHOICES[name](user).filter(pk=key))

    return choices
