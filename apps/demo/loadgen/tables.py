"""The tables the loader writes, their columns, and the order they are copied in."""

from __future__ import annotations

from apps.demo.loadgen.copytext import TableRows
from apps.demo.loadgen.writer import CopyJob

_STAMPS = ("created_at", "updated_at")

COLUMNS: dict[str, tuple[str, ...]] = {
    "organizations": (
        "id", "owner_organization_id", "name", "slug", "organization_type", "description",
        "country", "industry", "website", "address", "timezone", "default_currency", "is_active",
        *_STAMPS,
    ),
    "contacts": (
        "id", "owner_organization_id", "organization_id", "type", "contact_name", "email",
        "phone", "role", "is_primary_contact", "is_active", "notes", *_STAMPS,
    ),
    "users": (
        "id", "organization_id", "email", "name", "role", "department", "status", "employee_id",
        "direct_manager_id", "phone", "avatar", "preferences", "extra_permissions", "password",
        "last_login_at", *_STAMPS,
    ),
    "projects": (
        "id", "organization_id", "project_id", "title", "description",
        "customer_organization_id", "point_of_contact_id", "workflow_definition_id",
        "current_stage_id", "stage_entered_at", "status", "priority_level", "project_type",
        "intake_type", "intake_source", "requested_delivery_date", "promised_delivery_date",
        "estimated_delivery_date", "actual_delivery_date", "estimated_value", "actual_value",
        "assigned_to_id", "created_by_id", "tags", "notes", "version", *_STAMPS,
    ),
    "project_sub_stage_progress": (
        "id", "organization_id", "project_id", "workflow_stage_id", "sub_stage_id", "status",
        "assigned_to_id", "started_at", "due_at", "completed_at", "blocked_reason", "notes",
        "version", *_STAMPS,
    ),
    "approvals": (
        "id", "organization_id", "approval_type", "title", "description", "entity_type",
        "entity_id", "project_id", "sub_stage_progress_id", "step_number", "total_steps",
        "requested_by_id", "requested_at", "current_approver_user_id", "current_approver_role",
        "status", "priority", "due_at", "sla_due_at", "decided_by_id", "decided_at",
        "decision_comments", "decision_reason", "escalated_at", "escalated_to_id",
        "escalation_level", "step_approvers", *_STAMPS,
    ),
    "approval_history": (
        "id", "organization_id", "approval_id", "action", "old_status", "new_status", "user_id",
        "comments", "metadata", "created_at",
    ),
    "documents": (
        "id", "organization_id", "project_id", "title", "description", "file_name", "category",
        "current_version_number", "checksum", "mime_type", "size_bytes", "access_level",
        "restricted_user_ids", "tags", "uploaded_by_id", "approved_by_id", "approved_at",
        "is_deleted", "deleted_at", *_STAMPS,
    ),
    "document_versions": (
        "id", "organization_id", "document_id", "version_number", "file", "file_name",
        "file_size", "mime_type", "checksum_sha256", "uploaded_by_id", "uploaded_at",
        "change_summary", "is_current", *_STAMPS,
    ),
    "messages": (
        "id", "organization_id", "sender_id", "recipient_id", "project_id", "subject", "content",
        "priority", "thread_id", "parent_id", "is_read", "read_at", *_STAMPS,
    ),
    "notifications": (
        "id", "organization_id", "user_id", "type", "title", "message", "priority",
        "action_url", "is_read", "read_at", "expires_at", "dedupe_key", "emailed_at", *_STAMPS,
    ),
    "activity_log": (
        "id", "organization_id", "user_id", "project_id", "entity_type", "entity_id", "action",
        "description", "old_values", "new_values", "user_agent", "created_at",
    ),
}  # fmt: skip

# Few rows that define the shape; copied first, always with their triggers on (the projects'
# search vectors come from their trigger). Into an empty database `projects` is still taken
# apart and rebuilt like the bulk tables below (see the loader's REBUILT_TABLES).
CHECKED_TABLES = ("organizations", "contacts", "users", "projects")
# The bulk of the rows, in the order their references need. Into empty tables they are copied
# with their keys, foreign keys and indexes taken off, and putting those back validates every
# row. Only with --append, when a table keeps its rows and so its keys, are they copied with
# triggers off (session_replication_role = replica, like pg_restore --disable-triggers) and the
# new rows' foreign keys verified set-wise afterwards.
BULK_TABLES = (
    "project_sub_stage_progress",
    "approvals",
    "approval_history",
    "documents",
    "document_versions",
    "messages",
    "notifications",
    "activity_log",
)
LOADED_TABLES = CHECKED_TABLES + BULK_TABLES


class Buffers:
    """One `TableRows` per loaded table, e.g. `buffers["projects"].add(...)`."""

    def __init__(self) -> None:
        self.tables = {table: TableRows(table, COLUMNS[table]) for table in LOADED_TABLES}

    def __getitem__(self, table: str) -> TableRows:
        return self.tables[table]

    def take(self, tables: tuple[str, ...]) -> list[CopyJob]:
        jobs = (self.tables[table].take() for table in tables)
        return [job for job in jobs if job is not None]
