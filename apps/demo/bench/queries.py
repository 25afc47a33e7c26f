"""The hot queries, as SQL the pages run (or the seed names), each filtering by the tenant column
explicitly as well (SPEC 12: RLS alone does not prune Citus shards), so the same statement can
run as the app role under row-level security and as the owner without it.

The first six are the seed's benchmark (seed 1, section 6: the dashboard summary, once from the
materialized views and once live, then project detail, approval queue, permission check and
workflow progress) with its claimed times; the others back the pages and are EXPLAINed by the
tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from apps.approvals.models import OPEN_STATUSES
from apps.demo.bench.context import BenchContext
from apps.projects.models import CLOSED_PROJECT
from apps.projects.selectors.listing import DONE_PROGRESS, OPEN_PROGRESS


def _sql_list(statuses: Iterable[str]) -> str:
    """A status list as SQL literals (the values are the models' own choices, never input)."""
    return ", ".join(f"'{status}'" for status in statuses)


@dataclass(frozen=True)
class HotQuery:
    name: str
    sql: str
    params: Callable[[BenchContext, int], dict]
    seed_claim_ms: str = ""  # the seed's "after" figure, where it gives one
    target_ms: float | None = None


def _tenant(ctx: BenchContext, iteration: int) -> dict:
    return {"org": ctx.organization.pk, "user": ctx.user.pk, "role": ctx.user.role}


def _project(ctx: BenchContext, iteration: int) -> dict:
    return {"org": ctx.organization.pk, "project": ctx.project(iteration)}


PROJECT_DETAIL = f"""
SELECT p.id, p.project_id, p.title, p.status, p.priority_level, p.stage_entered_at,
       c.name AS customer_name, s.name AS current_stage_name,
       (SELECT count(*) FROM project_sub_stage_progress pr
         WHERE pr.organization_id = p.organization_id AND pr.project_id = p.id) AS total,
       (SELECT count(*) FROM project_sub_stage_progress pr
         WHERE pr.organization_id = p.organization_id AND pr.project_id = p.id
           AND pr.status IN ({_sql_list(DONE_PROGRESS)})) AS done,
       extract(day FROM now() - p.stage_entered_at) AS days_in_stage
FROM projects p
JOIN organizations c ON c.id = p.customer_organization_id
LEFT JOIN workflow_stages s ON s.id = p.current_stage_id
WHERE p.organization_id = %(org)s AND p.id = %(project)s
"""

APPROVAL_QUEUE = f"""
SELECT a.id, a.title, a.status, a.priority, a.sla_due_at, a.requested_at,
       p.project_id, p.title AS project_title
FROM approvals a
LEFT JOIN projects p ON p.id = a.project_id
WHERE a.organization_id = %(org)s
  AND a.status IN ({_sql_list(OPEN_STATUSES)})
  AND (a.current_approver_user_id = %(user)s OR a.current_approver_role = %(role)s
       OR a.delegated_to_id = %(user)s)
ORDER BY (a.sla_due_at < now()) DESC, a.sla_due_at, a.requested_at
LIMIT 25
"""

WORKFLOW_PROGRESS = """
SELECT pr.id, pr.status, pr.started_at, pr.due_at, pr.completed_at,
       s.name AS stage, ss.name AS sub_stage, u.name AS assignee
FROM project_sub_stage_progress pr
JOIN workflow_stages s ON s.id = pr.workflow_stage_id
JOIN workflow_sub_stages ss ON ss.id = pr.sub_stage_id
LEFT JOIN users u ON u.id = pr.assigned_to_id
WHERE pr.organization_id = %(org)s AND pr.project_id = %(project)s
ORDER BY s.stage_order, ss.sub_stage_order
"""

# As the project list page reads it since a0ffe80: the customer's name by a correlated subquery,
# not an INNER JOIN (under RLS the planner cannot know every customer is the tenant's own, and
# with the join it sorted the whole tenant instead of reading the newest-first index).
_LIST_COLUMNS = """
SELECT p.id, p.project_id, p.title, p.status, p.priority_level, p.created_at,
       (SELECT name FROM organizations c WHERE c.id = p.customer_organization_id) AS customer,
       s.name AS stage, u.name AS owner
FROM projects p
LEFT JOIN workflow_stages s ON s.id = p.current_stage_id
LEFT JOIN users u ON u.id = p.assigned_to_id
"""

PROJECT_LIST = f"""{_LIST_COLUMNS}
WHERE p.organization_id = %(org)s
ORDER BY p.created_at DESC LIMIT 25
"""

PROJECT_LIST_FILTERED = f"""{_LIST_COLUMNS}
WHERE p.organization_id = %(org)s AND p.status = %(status)s AND p.priority_level = %(priority)s
ORDER BY p.created_at DESC LIMIT 25
"""

PROJECT_SEARCH = f"""{_LIST_COLUMNS}
WHERE p.organization_id = %(org)s AND p.search_vector @@ plainto_tsquery('simple', %(term)s)
ORDER BY p.created_at DESC LIMIT 25
"""

BOARD_COLUMNS = f"""
SELECT p.current_stage_id, count(*)
FROM projects p
WHERE p.organization_id = %(org)s
  AND p.status NOT IN ({_sql_list(CLOSED_PROJECT)})
GROUP BY p.current_stage_id
"""

NOTIFICATION_BELL = """
SELECT count(*) FROM notifications n
WHERE n.organization_id = %(org)s AND n.user_id = %(user)s AND NOT n.is_read
"""

OVERDUE_WORK = f"""
SELECT pr.id, pr.project_id, pr.due_at, pr.status
FROM project_sub_stage_progress pr
WHERE pr.organization_id = %(org)s
  AND pr.status IN ({_sql_list(OPEN_PROGRESS)})
  AND pr.due_at < now()
ORDER BY pr.due_at LIMIT 20
"""


def _filtered(ctx: BenchContext, iteration: int) -> dict:
    return {
        "org": ctx.organization.pk,
        "status": ctx.filter_status,
        "priority": ctx.filter_priority,
    }


def _search(ctx: BenchContext, iteration: int) -> dict:
    return {"org": ctx.organization.pk, "term": ctx.search_term}


# The dashboard's headline figures from the materialized views, through the tenant view
# (apps/dashboard): projects by status, priority and stage.
DASHBOARD_FROM_VIEWS = """
SELECT status, priority_level, stage_name, project_count, estimated_value_total
FROM dashboard_project_summary
ORDER BY stage_order, status, priority_level
"""

SEED_QUERIES: tuple[HotQuery, ...] = (
    HotQuery("dashboard summary (MVs)", DASHBOARD_FROM_VIEWS, _tenant, "25-50"),
    HotQuery("dashboard summary (live)", "SELECT get_dashboard_summary()", _tenant, "25-50"),
    HotQuery("project detail", PROJECT_DETAIL, _project, "40-80"),
    HotQuery("approval queue", APPROVAL_QUEUE, _tenant, "35-65"),
    HotQuery(
        "permission check",
        "SELECT has_user_permission(%(user)s, 'approvals.decide')",
        _tenant,
        "20-40",
        target_ms=1.0,
    ),
    HotQuery("workflow progress", WORKFLOW_PROGRESS, _project, "50-90"),
)

PAGE_QUERIES: tuple[HotQuery, ...] = (
    HotQuery("project list", PROJECT_LIST, _tenant),
    HotQuery("project list, filtered", PROJECT_LIST_FILTERED, _filtered),
    HotQuery("project search", PROJECT_SEARCH, _search),
    HotQuery("board columns", BOARD_COLUMNS, _tenant),
    HotQuery("notification bell count", NOTIFICATION_BELL, _tenant),
    HotQuery("overdue work", OVERDUE_WORK, _tenant),
)

HOT_QUERIES = SEED_QUERIES + PAGE_QUERIES
