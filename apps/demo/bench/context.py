"""Who the benchmark signs in as, and which rows its pages and queries ask for."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import connection

from apps.core.tenancy import tenant_context
from apps.organizations.models import Organization
from apps.projects.selectors import project_search
from apps.projects.tables import page_cursor
from apps.users.models import Role, User

SAMPLE_PROJECTS = 20
# The project list's deep page: its cost must not grow with the depth (keyset pages).
DEEP_LIST_PAGE = 400
DEEP_LIST_PARAMS = {"state": "all"}
# A part noun of the generated titles: about one project in twenty has it.
SEARCH_TERM = "housing"


@dataclass
class BenchContext:
    organization: Organization
    user: User
    project_ids: list[uuid.UUID]
    search_term: str = SEARCH_TERM
    filter_status: str = "production"
    filter_priority: str = "high"
    stage_ids: list[uuid.UUID] = field(default_factory=list)
    # The project with the longest activity log, and the conversation with the most messages
    # that the user may read: the heavy case of the activity page and of a conversation.
    activity_project_id: uuid.UUID | None = None
    thread_id: uuid.UUID | None = None
    # A page deep in the documents list (page 40 of the large tenant's), one that exists.
    documents_deep_page: int = 1
    # The "Next" cursor of the project list's page DEEP_LIST_PAGE (its last page on a smaller
    # tenant; "" when everything fits on the first page), and that page's number.
    deep_list_cursor: str = ""
    deep_list_page: int = 1

    def project(self, iteration: int) -> uuid.UUID:
        """A different project on each iteration, so one cached row does not flatter the page."""
        return self.project_ids[iteration % len(self.project_ids)]


def largest_tenant() -> Organization:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT organization_id FROM projects GROUP BY organization_id "
            "ORDER BY count(*) DESC, organization_id LIMIT 1"
        )
        row = cursor.fetchone()
    if row is None:
        raise ValidationError(
            "The database has no projects. Run `manage.py generate_load_data` first."
        )
    return Organization.objects.get(pk=row[0])


def bench_context(*, tenant_slug: str = "", user_email: str = "") -> BenchContext:
    """The large tenant (the one with most projects, or `tenant_slug`) and its benchmark user
    (`benchmark@…`, else its first active manager, or `user_email`)."""
    if tenant_slug:
        organization = Organization.objects.filter(
            slug=tenant_slug, organization_type="internal"
        ).first()
        if organization is None:
            raise ValidationError(f"No tenant with the slug {tenant_slug!r}.")
    else:
        organization = largest_tenant()
    users = User.objects.filter(organization=organization, status="active")
    if user_email:
        user = users.filter(email=user_email.lower()).first()
    else:
        user = (
            users.filter(email__startswith="benchmark@").first()
            or users.filter(role=Role.MANAGEMENT).order_by("email").first()
        )
    if user is None:
        raise ValidationError(
            f"No active {'user ' + user_email if user_email else 'manager'} in {organization}."
        )
    deep_list_cursor, deep_list_page = _deep_list_page(user)
    return BenchContext(
        organization=organization,
        user=user,
        project_ids=_sample_projects(organization.pk),
        stage_ids=_stages(organization.pk),
        activity_project_id=_longest_activity_log(organization.pk),
        thread_id=_longest_conversation(organization.pk, user.pk),
        documents_deep_page=_documents_deep_page(organization.pk),
        deep_list_cursor=deep_list_cursor,
        deep_list_page=deep_list_page,
    )


def _deep_list_page(user) -> tuple[str, int]:
    """The project list of every project (DEEP_LIST_PARAMS), newest first: page DEEP_LIST_PAGE
    or its last. (The default load scale's largest tenant has 10,000 projects: 400 pages.)"""
    with tenant_context(user.organization_id, user):
        return page_cursor(project_search(user, params=DEEP_LIST_PARAMS).results, DEEP_LIST_PAGE)


def _sample_projects(organization_id) -> list[uuid.UUID]:
    """Active projects well into their workflow (the detail page's heavy case), evenly spread
    over the tenant's codes so they do not sit side by side."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM projects WHERE organization_id = %s "
            "AND status IN ('production', 'procurement', 'quoted') ORDER BY project_id",
            [organization_id],
        )
        ids = [row[0] for row in cursor.fetchall()]
    step = max(1, len(ids) // SAMPLE_PROJECTS)
    return ids[::step][:SAMPLE_PROJECTS] or _any_projects(organization_id)


def _any_projects(organization_id) -> list[uuid.UUID]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM projects WHERE organization_id = %s ORDER BY project_id LIMIT %s",
            [organization_id, SAMPLE_PROJECTS],
        )
        return [row[0] for row in cursor.fetchall()]


def _stages(organization_id) -> list[uuid.UUID]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id FROM workflow_stages WHERE organization_id = %s ORDER BY stage_order",
            [organization_id],
        )
        return [row[0] for row in cursor.fetchall()]


def _longest_activity_log(organization_id) -> uuid.UUID | None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT project_id FROM activity_log WHERE organization_id = %s "
            "AND project_id IS NOT NULL GROUP BY project_id ORDER BY count(*) DESC, project_id "
            "LIMIT 1",
            [organization_id],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _longest_conversation(organization_id, user_id) -> uuid.UUID | None:
    """The longest thread the benchmark user may read: a project thread (a manager sees every
    project) or one of their own direct conversations."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT thread_id FROM messages WHERE organization_id = %s GROUP BY thread_id "
            "HAVING bool_or(project_id IS NOT NULL OR sender_id = %s OR recipient_id = %s) "
            "ORDER BY count(*) DESC, thread_id LIMIT 1",
            [organization_id, user_id, user_id],
        )
        row = cursor.fetchone()
    return row[0] if row else None


DOCUMENTS_DEEP_PAGE = 40
DOCUMENTS_PER_PAGE = 25


def _documents_deep_page(organization_id) -> int:
    """Page 40, or in a smaller tenant a page that exists: half way down its open documents (a
    page past the end is answered with the first one, which would measure something else)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM documents WHERE organization_id = %s AND NOT is_deleted "
            "AND access_level <> 'restricted'",
            [organization_id],
        )
        (count,) = cursor.fetchone()
    return max(1, min(DOCUMENTS_DEEP_PAGE, count // 2 // DOCUMENTS_PER_PAGE))
