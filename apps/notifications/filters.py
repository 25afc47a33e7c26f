"""Filters of the notifications page (django-filter), applied inside the selectors."""

from __future__ import annotations

import django_filters

from apps.core.filters import FilterForm, StrictFilterSet
from apps.notifications.models import Notification, NotificationPriority, NotificationType


class NotificationFilter(StrictFilterSet):
    STATE_CHOICES = [("unread", "Unread"), ("read", "Read")]

    type = django_filters.ChoiceFilter(
        label="Kind", choices=NotificationType.choices, empty_label="All kinds"
    )
    state = django_filters.ChoiceFilter(
        label="State", choices=STATE_CHOICES, method="filter_state", empty_label="Read and unread"
    )
    priority = django_filters.ChoiceFilter(
        label="Priority", choices=NotificationPriority.choices, empty_label="All priorities"
    )

    class Meta:
        model = Notification
        fields: list[str] = []
        form = FilterForm

    def filter_state(self, queryset, name, value):
        return queryset.filter(is_read=value == "read")
