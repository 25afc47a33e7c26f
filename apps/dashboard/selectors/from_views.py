"""The current tenant's rows of the materialized views, read through the `dashboard_*` views.

The views filter by `app.organization_id` themselves, so these functions take no tenant: inside
`tenant_context` they return that tenant's rows, outside of one they return none. One query each.
"""

from __future__ import annotations

from dataclasses import fields

from django.db import connection

from apps.dashboard.selectors.rows import (
    ApprovalGroup,
    ProjectGroup,
    SubStageGroup,
    UserLoad,
    approval_group_key,
    project_group_key,
    sub_stage_group_key,
)
from apps.users.roles import Role


def _select(row_type, view: str, tail: str = "", params=None) -> list:
    columns = [field.name for field in fields(row_type)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {view} {tail}", params)
        return [row_type(*values) for values in cursor.fetchall()]


def project_groups_from_views() -> list[ProjectGroup]:
    return sorted(_select(ProjectGroup, "dashboard_project_summary"), key=project_group_key)


def sub_stage_groups_from_views() -> list[SubStageGroup]:
    return sorted(_select(SubStageGroup, "dashboard_workflow_efficiency"), key=sub_stage_group_key)


def approval_groups_from_views() -> list[ApprovalGroup]:
    return sorted(_select(ApprovalGroup, "dashboard_approval_performance"), key=approval_group_key)


def user_loads_from_views(*, limit: int | None = None, busy_only: bool = True) -> list[UserLoad]:
    """Users by open work, busiest first. `COLLATE "C"` orders names as Python does, so a cut-off
    at `limit` picks the same people as the live computation."""
    # Customers' portal accounts are people of the tenant but carry no factory work.
    where = f"WHERE role <> '{Role.CUSTOMER.value}'"
    if busy_only:
        where += " AND open_sub_stages + pending_approvals > 0"
    tail = (
        f'{where} ORDER BY open_sub_stages + pending_approvals DESC, user_name COLLATE "C", '
        "user_id LIMIT %s"
    )
    return _select(UserLoad, "dashboard_user_workload", tail, [limit])
