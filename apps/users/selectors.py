"""Every read of users that a page needs."""

from __future__ import annotations

from collections.abc import Iterable

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


def users_with_roles(*, organization_id, roles: Iterable[str]) -> list[User]:
    """The tenant's active people holding one of the roles (whom a stage or an approval is
    announced to): ids and preferences only (they are notified in their language), not shown."""
    return list(
        User.objects.filter(
            organization_id=organization_id, role__in=list(roles), status=UserStatus.ACTIVE
        ).only("id", "organization_id", "preferences")
    )


def team_member_get_for_user(user, pk) -> User:
    """The access function for a user of the tenant: 404 for anyone else."""
    return get_for_tenant_or_404(User.objects.all(), user, pk)


def team_search(user, *, params) -> TeamFilter:
    """The team page's filters applied to the tenant's users. Read the rows from `.results`."""
    return TeamFilter(params, queryset=team_list(user).order_by("name", "pk"))
