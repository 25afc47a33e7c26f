"""What the load test asks for, read from the database before locust starts (locust itself never
touches Django): the large tenant's active staff, a spread of its running projects, the paths."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.urls import reverse

from apps.demo.bench.context import largest_tenant
from apps.demo.bench.pages import DASHBOARD_PANELS
from apps.demo.loadgen import vocabulary as words
from apps.organizations.models import Organization
from apps.users.roles import STAFF_ROLES

# The one password of every generated user (apps/demo/loadgen/loader.py hashes it once).
LOAD_DATA_PASSWORD = "FactoryPulse@2025"  # noqa: S105 - the public test data's
PLANNED_PROJECTS = 2_000
PLACEHOLDER = "00000000-0000-0000-0000-000000000000"
TARGET_P95_MS = 100.0
TARGET_REQUESTS_PER_SECOND = 150.0
FILTERS = (
    ("production", "high"),
    ("procurement", "normal"),
    ("quoted", "urgent"),
    ("confirmed", ""),
    ("", "urgent"),
)
SEARCH_TERMS = ("housing", "bracket", "manifold", "enclosure", "heat sink")
assert all(term in words.PART_NOUNS for term in SEARCH_TERMS)


@dataclass(frozen=True)
class Scenario:
    """How the simulated people behave (the command's options)."""

    name: str  # "staff" or "polling"
    steps: tuple[int, ...]
    step_seconds: float
    spawn_rate: float
    settle_seconds: float
    think_seconds: float
    bell_seconds: float
    poll_path: str
    poll_seconds: float
    writes: bool
    stop_when_saturated: bool


def tenant_by_slug(slug: str) -> Organization:
    if not slug:
        return largest_tenant()
    organization = Organization.objects.filter(slug=slug, organization_type="internal").first()
    if organization is None:
        raise ValueError(f"No tenant with the slug {slug!r}.")
    return organization


def build_plan(organization: Organization, scenario: Scenario, base_url: str) -> dict:
    """The JSON the locustfile reads (LOADTEST_PLAN)."""
    return {
        "base_url": base_url,
        "tenant": organization.slug,
        "password": LOAD_DATA_PASSWORD,
        "users": staff_emails(organization.pk),
        "projects": running_projects(organization.pk),
        "filters": FILTERS,
        "search_terms": SEARCH_TERMS,
        "paths": {
            "login": reverse("login"),
            "home": reverse("home"),
            "panels": {name.split(":")[1]: reverse(name) for name in DASHBOARD_PANELS},
            "projects": reverse("projects:list"),
            "project": _pattern("projects:detail", "pk"),
            "project_thread": _pattern("messaging:project_thread", "project_pk"),
            "board": reverse("projects:board"),
            "approvals": reverse("approvals:queue"),
            "bell": reverse("notifications:bell"),
        },
        "steps": list(scenario.steps),
        "step_seconds": scenario.step_seconds,
        "spawn_rate": scenario.spawn_rate,
        "settle_seconds": scenario.settle_seconds,
        "think_seconds": scenario.think_seconds,
        "bell_seconds": scenario.bell_seconds,
        "poll_path": scenario.poll_path or reverse("notifications:bell"),
        "poll_seconds": scenario.poll_seconds,
        "writes": scenario.writes,
        "stop_when_saturated": scenario.stop_when_saturated,
        "target_p95_ms": TARGET_P95_MS,
    }


def _pattern(url_name: str, argument: str) -> str:
    """The path with `{pk}` where the id goes (the locustfile formats it)."""
    return reverse(url_name, kwargs={argument: PLACEHOLDER}).replace(PLACEHOLDER, "{pk}")


def staff_emails(organization_id) -> list[str]:
    """Every active member of staff, in a fixed order that interleaves the roles (so ten users
    are not ten people of one department)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT email FROM users WHERE organization_id = %s AND status = 'active' "
            "AND role = ANY(%s) "
            "ORDER BY row_number() OVER (PARTITION BY role ORDER BY email), role",
            [organization_id, list(STAFF_ROLES)],
        )
        return [row[0] for row in cursor.fetchall()]


def running_projects(organization_id) -> list[str]:
    """Up to PLANNED_PROJECTS running projects spread evenly over the tenant's codes."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM projects WHERE organization_id = %s "
            "AND status NOT IN ('completed', 'cancelled') ORDER BY project_id",
            [organization_id],
        )
        ids = [str(row[0]) for row in cursor.fetchall()]
    step = max(1, len(ids) // PLANNED_PROJECTS)
    return ids[::step][:PLANNED_PROJECTS]


# What the writes change, counted before and after the run for the report.
CHANGE_COUNTS = {
    "messages": "SELECT count(*) FROM messages WHERE organization_id = %s",
    "sub-stages in progress": (
        "SELECT count(*) FROM project_sub_stage_progress WHERE organization_id = %s "
        "AND status = 'in_progress'"
    ),
    "sub-stages completed": (
        "SELECT count(*) FROM project_sub_stage_progress WHERE organization_id = %s "
        "AND status = 'completed'"
    ),
    "approvals": "SELECT count(*) FROM approvals WHERE organization_id = %s",
    "activity entries": "SELECT count(*) FROM activity_log WHERE organization_id = %s",
    "sessions": "SELECT count(*) FROM django_session",
}


def change_counts(organization_id) -> dict[str, int]:
    counts = {}
    with connection.cursor() as cursor:
        for name, sql in CHANGE_COUNTS.items():
            cursor.execute(sql, [organization_id] if "%s" in sql else [])
            counts[name] = cursor.fetchone()[0]
    return counts
