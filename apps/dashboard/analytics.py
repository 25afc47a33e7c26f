"""The dashboard's materialized views: where they live, their keys, and how the app reads them.

PostgreSQL applies no row-level security to materialized views, so they live in the `analytics`
schema, to which the app role has no access at all. The app reads each one only through a
`security_barrier` view in `public` that keeps the current tenant's rows (and none when no tenant
is set) and does not expose the tenant column. Refreshes run as the owner (see `services`).
"""

from __future__ import annotations

from dataclasses import dataclass

ANALYTICS_SCHEMA = "analytics"

# Stands for "no stage" in unique keys: `REFRESH ... CONCURRENTLY` needs a unique index whose
# columns are never NULL, and a project may not be in a stage yet.
NO_STAGE_ID = "00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class MaterializedView:
    name: str
    unique_columns: tuple[str, ...]
    tenant_view: str
    schema: str = ANALYTICS_SCHEMA

    @property
    def qualified_name(self) -> str:
        return f'{self.schema}."{self.name}"'


PROJECT_SUMMARY = MaterializedView(
    name="mv_project_dashboard_summary",
    unique_columns=("organization_id", "status", "priority_level", "stage_id"),
    tenant_view="dashboard_project_summary",
)
WORKFLOW_EFFICIENCY = MaterializedView(
    name="mv_workflow_efficiency",
    unique_columns=("organization_id", "stage_id", "sub_stage_id"),
    tenant_view="dashboard_workflow_efficiency",
)
APPROVAL_PERFORMANCE = MaterializedView(
    name="mv_approval_performance",
    unique_columns=("organization_id", "approval_type"),
    tenant_view="dashboard_approval_performance",
)
USER_WORKLOAD = MaterializedView(
    name="mv_user_workload",
    unique_columns=("organization_id", "user_id"),
    tenant_view="dashboard_user_workload",
)

MATERIALIZED_VIEWS: tuple[MaterializedView, ...] = (
    PROJECT_SUMMARY,
    WORKFLOW_EFFICIENCY,
    APPROVAL_PERFORMANCE,
    USER_WORKLOAD,
)
