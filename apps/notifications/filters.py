"""Filters of the notifications page (django-filter), applied inside the selectors."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from apps.core.filters import FilterForm, StrictFilterSet
from apps.notifications.models import Notification, NotificationPriority, NotificationType


class NotificationFilter(StrictFilterSet):
    STATE_CHOICES = [("unread", _("Unread")), ("read", _("Read"))]

    type = django_filters.ChoiceFilter(
        label=_("Kind"), choices=NotificationType.choices, empty_label=_("All kinds")
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=STATE_CHOICES,
        method="filter_state",
        empty_label=_("Read and unread"),
    )
    priority = django_filters.ChoiceFilter(
        label=_("Priority"), choices=NotificationPriority.choices, empty_label=_("All priorities")
    )

    class Meta:
        model = Notification
        fields: list[str] = []
        form = FilterForm

    def filter_state(self, queryset, name, value):
        return queryset.filter(is_read=value == "read")
