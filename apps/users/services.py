"""Every write to users (the tenant's team) goes through here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from apps.users.events import user_role_or_status_changed_event
from apps.users.models import Role, User, UserStatus
from apps.users.roles import STAFF_ROLES

# A role/status change can only break the rules about role and status; the other fields were valid
# when saved and do not change here, so they are not validated again (each check is a query).
_ACCESS_CLEAN_EXCLUDE = [
    field.name for field in User._meta.concrete_fields if field.name not in ("role", "status")
]


def _is_active_admin(role: str, status: str) -> bool:
    return role == Role.ADMIN and status == UserStatus.ACTIVE


@transaction.atomic
def team_member_update_role_status(*, user, member: User, role: str, status: str) -> User:
    """Change a team member's role and status.

    A factory always keeps at least one active admin: a change that would leave none is refused,
    whoever makes it. Changes to a tenant's team are serialized by locking the tenant's row, so two
    admins demoting each other at the same moment cannot both succeed and lock everyone out.
    """
    if member.organization_id != user.organization_id:
        raise PermissionDenied("This person is not in your factory's team.")
    # Checked before anything else (full_clean below would too, but only after the last-admin
    # rule had judged an impossible role) and in the words of the team page's form.
    errors = {}
    if role not in STAFF_ROLES:
        errors["role"] = "Choose one of the listed roles."
    if status not in UserStatus.values:
        errors["status"] = "Choose one of the listed statuses."
    if errors:
        raise ValidationError(errors, code="invalid_choice")

    # The tenant's row is the lock that serializes changes of its admins (the last-admin rule). It
    # is reached through the user's own foreign key: users sit below organizations in the layers.
    tenant_model = User._meta.get_field("organization").related_model
    tenant_model.objects.select_for_update(no_key=True).get(pk=user.organization_id)
    member = (
        User.objects.select_for_update(of=("self",))
        .select_related("direct_manager")
        .get(pk=member.pk)
    )
    if member.role == role and member.status == status:
        return member

    if _is_active_admin(member.role, member.status) and not _is_active_admin(role, status):
        another_admin = (
            User.objects.filter(
                organization_id=user.organization_id, role=Role.ADMIN, status=UserStatus.ACTIVE
            )
            .exclude(pk=member.pk)
            .exists()
        )
        if not another_admin:
            if member.pk == user.pk:
                message = (
                    "You are the last active admin of this factory, so you cannot change your own "
                    "role or status. Make someone else an admin first."
                )
            else:
                message = (
                    f"{member} is the last active admin of this factory. "
                    "Make someone else an admin first."
                )
            raise ValidationError(message, code="last_admin")

    old_values = {"role": member.role, "status": member.status}
    member.role = role
    member.status = status
    member.full_clean(exclude=_ACCESS_CLEAN_EXCLUDE)
    member.save(update_fields=["role", "status", "updated_at"])
    new_values = {"role": member.role, "status": member.status}
    changed = [name for name in new_values if old_values[name] != new_values[name]]
    user_role_or_status_changed_event(
        user=user,
        member=member,
        old_values={name: old_values[name] for name in changed},
        new_values={name: new_values[name] for name in changed},
    )
    return member
