"""`{% if user|can:"customers.view" %}`: for showing links only. Every view checks the permission
itself (`require_permission`), since a partial or a URL can be requested directly."""

from __future__ import annotations

from django import template

from apps.users.permissions import has_permission

register = template.Library()


@register.filter
def can(user, permission: str) -> bool:
    return has_permission(user, permission)
