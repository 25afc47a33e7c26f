"""Every write to users (the tenant's team) goes through here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from apps.users.events import user_role_or_status_changed_event
from apps.users.models import Role, User, UserStatus
from apps.users.preferences import notification_kinds
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
        raise PermissionDenied(gettext("This person is not in your factory's team."))
    # Checked before anything else (full_clean below would too, but only after the last-admin
    # rule had judged an impossible role) and in the words of the team page's form.
    errors = {}
    if role not in STAFF_ROLES:
        errors["role"] = gettext("Choose one of the listed roles.")
    if status not in UserStatus.values:
        errors["status"] = gettext("Choose one of the listed statuses.")
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
                message = gettext(
                    "You are the last active admin of this factory, so you cannot change your own "
                    "role or status. Make someone else an admin first."
                )
            else:
                message = gettext(
                    "%(member)s is the last active admin of this factory. "
                    "Make someone else an admin first."
                ) % {"member": member}
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


# The fields of `users` a person changes on their own settings page; the others were valid when
# saved and are not validated again (the e-mail's uniqueness check is a query).
_SETTINGS_CLEAN_EXCLUDE = [
    field.name
    for field in User._meta.concrete_fields
    if field.name not in ("name", "phone", "preferences")
]


@transaction.atomic
def user_settings_update(
    *,
    user: User,
    name: str,
    phone: str,
    language: str,
    timezone: str,
    email_kinds: list[str],
    theme: str,
) -> User:
    """Save a person's own settings (the "My settings" page; the only writer of `preferences`).

    Keys of `preferences` this page does not know are kept. E-mail is stored as the kinds turned
    off (`email_muted_kinds`), so a kind added later reaches everyone until they turn it off, and
    `email_notifications` is false only when every kind is off. Invalid values are refused by the
    model's validation before anything is written.
    """
    kinds = [kind for kind, _label in notification_kinds()]
    unknown = sorted(set(email_kinds) - set(kinds))
    if unknown:
        raise ValidationError(
            {
                "email_kinds": gettext("Unknown kind of notification: %(kind)s.")
                % {"kind": unknown[0]}
            }
        )
    member = User.objects.select_for_update(of=("self",)).get(pk=user.pk)
    preferences = dict(member.preferences or {})
    preferences.update(
        {
            "language": language,
            "timezone": timezone,
            "theme": theme,
            "email_notifications": bool(email_kinds) or not kinds,
            "email_muted_kinds": [kind for kind in kinds if kind not in email_kinds],
        }
    )
    member.name = name
    member.phone = phone
    member.preferences = preferences
    member.full_clean(exclude=_SETTINGS_CLEAN_EXCLUDE)
    member.save(update_fields=["name", "phone", "preferences", "updated_at"])
    return member
