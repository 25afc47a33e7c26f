"""The hot queries, as SQL the pages run (or the seed names), each filtering by the tenant column
explicitly as well (SPEC 12: RLS alone does not prune Citus shards), so the same statement can
run as the app role under row-level security and as the owner without it.

The first five are the seed's benchmark (seed 1, section 6) with its claimed times; the others
back the pages and are EXPLAINed by the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection

from apps.approvals.models import OPEN_STATUSES
from apps.benchmark.bench.context import BenchContext

OPEN_PROGRESS = ("pending", "in_progress", "in_review", "blocked")
CLOSED_PROJECTS = ("completed", "cancelled")


@dataclass(frozen=True)
class HotQuery:
    name: str
    sql: str
    params: Callable[[BenchContext, int], dict]
    seed_claim_ms: str = ""  # the seed's "after" figure, where it gives one
    target_ms: float | None = None
    requires: str = ""  # a relation that must exist (built by another app), else not available

    def available(self) -> bool:
        if not self.requires:
            return True
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [self.requires])
            return cursor.fetchone()[0]


def _tenant(ctx: BenchContext, iteration: int) -> dict:
    return {"org": ctx.organization.pk, "user": ctx.user.pk, "role": ctx.user.role}


def _project(ctx: BenchContext, iteration: int) -> dict:
    return {"org": ctx.organization.pk, "project": ctx.project(iteration)}


PROJECT_DETAIL = """
SELECT p.id, p.project_id, p.title, p.status, p.priority_level, p.stage_entered_at,
       c.name AS customer_name, s.name AS current_stage_name,
       (SELECT count(*) FROM project_sub_stage_progress pr
         WHERE pr.organization_id = p.organization_id AND pr.project_id = p.id) AS total,
       (SELECT count(*) FROM project_sub_stage_progress pr
         WHERE pr.organization_id = p.organization_id AND pr.project_id = p.id
           AND pr.status IN ('completed', 'skipped')) AS done,
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
  AND a.status IN ({", ".join(f"'{status}'" for status in OPEN_STATUSES)})
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

_LIST_COLUMNS = """
SELECT p.id, p.project_id, p.title, p.status, p.priority_level, p.created_at,
       c.name AS customer, s.name AS stage, u.name AS owner
FROM projects p
JOIN organizations c ON c.id = p.customer_organization_id
LEFT JOIN workflow_stages s ON s.id = p.current_stage_id
LEFT JOIN users u ON u.id = p.assigned_to_id
"""

PROJECT_LIST = f"""{_LIST_COLUMNS}
WHERE p.organization_id = %(org)s
ORDER BY p.created_at DESC LIMIT 25
"""

# The same list with the customer LEFT JOINed: under RLS the policy on organizations makes the
# planner expect 1 in 50 projects to find their customer through an INNER JOIN (it cannot know
# that every customer is the tenant's own), and it picks a plan that sorts the whole tenant.
# With a LEFT JOIN no row can be lost, the estimate stays right, and the newest-first index wins.
PROJECT_LIST_LEFT_JOIN = PROJECT_LIST.replace(
    "JOIN organizations c ON", "LEFT JOIN organizations c ON", 1
)

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
  AND p.status NOT IN ({", ".join(f"'{status}'" for status in CLOSED_PROJECTS)})
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
  AND pr.status IN ({", ".join(f"'{status}'" for status in OPEN_PROGRESS)})
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
    HotQuery(
        "dashboard summary (MVs)",
        DASHBOARD_FROM_VIEWS,
        _tenant,
        "25-50",
        requires="dashboard_project_summary",
    ),
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
    HotQuery("project list, customer LEFT JOIN (proposed)", PROJECT_LIST_LEFT_JOIN, _tenant),
    HotQuery("project list, filtered", PROJECT_LIST_FILTERED, _filtered),
    HotQuery("project search", PROJECT_SEARCH, _search),
    HotQuery("board columns", BOARD_COLUMNS, _tenant),
    HotQuery("notification bell count", NOTIFICATION_BELL, _tenant),
    HotQuery("overdue work", OVERDUE_WORK, _tenant),
)

HOT_QUERIES = SEED_QUERIES + PAGE_QUERIES
