"""Every read of users that a page needs."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.core.access import get_for_tenant_or_404
from apps.users.forms import TeamFilter
from apps.users.models import User, UserStatus


def team_list(user) -> QuerySet[User]:
    return User.objects.filter(organization_id=user.organization_id).select_related(
        "direct_manager"
    )


def active_colleagues(user) -> QuerySet[User]:
    """The active people of the user's factory, by name (assignees, recipients, delegates)."""
    return User.objects.filter(
        organization_id=user.organization_id, status=UserStatus.ACTIVE
    ).order_by("name", "pk")


def team_member_get_for_user(user, pk) -> User:
    """The access function for a user of the tenant: 404 for anyone else."""
    return get_for_tenant_or_404(User.objects.all(), user, pk)


def team_search(user, *, params) -> TeamFilter:
    """The team page's filters applied to the tenant's users. Read the rows from `.results`."""
    return TeamFilter(params, queryset=team_list(user).order_by("name", "pk"))
