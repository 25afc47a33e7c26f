"""Reading the audit trail in tests (as the owner role, after the service's tenant context)."""

from apps.activity.models import ActivityLog


def activity_of(entity, *, by) -> list[tuple]:
    """(action, old values, new values) of the entries user `by` made about `entity`, oldest
    first. (Fixtures are written as the owner role, which the database trigger records with no
    user: those entries are not the services'.)"""
    return list(
        ActivityLog.objects.filter(entity_id=entity.pk, user=by)
        .order_by("created_at", "id")
        .values_list("action", "old_values", "new_values")
    )


ENTRY_FIELDS = (
    "organization_id",
    "user_id",
    "project_id",
    "entity_type",
    "entity_id",
    "action",
    "description",
    "old_values",
    "new_values",
)


def entries_by(user) -> list[dict]:
    """Everything an audit event sets, of the entries `user` made, oldest first."""
    return list(
        ActivityLog.objects.filter(user=user).order_by("created_at", "id").values(*ENTRY_FIELDS)
    )
