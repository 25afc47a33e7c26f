"""The project page: header, stepper with the user's actions, overdue work, the activity partial,
and a query count that does not grow with history.

Request tests use `transaction=True`: the middleware opens its own transaction and switches role.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.core.tenancy import tenant_context
from apps.projects.models import Project, ProjectSubStageProgress
from apps.projects.selectors import project_get_for_user
from apps.users.models import Role
from tests.approvals.factories import ApprovalFactory
from tests.projects.helpers import HTMX, login, make_projects

pytestmark = pytest.mark.django_db(transaction=True)

# + project, its assignee and creator, plan (2), progress, approvals (the target is 12)
DETAIL_QUERIES = 11


def test_detail_shows_header_stepper_and_the_users_actions(
    client, sales, project, django_assert_max_num_queries
):
    login(client, sales)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("projects:detail", kwargs={"pk": project.pk}))

    body = response.content.decode()
    assert response.status_code == 200
    assert project.project_id in body and "Toyota Vietnam" in body
    assert body.count('data-testid="step-upcoming"') == 7
    assert body.count('data-testid="step-current"') == 1
    assert body.count('data-testid="sub-stage"') == 30
    assert 'data-testid="action-start"' in body


def test_detail_query_count_does_not_grow_with_history(
    client, team, project, django_assert_max_num_queries
):
    management = team[Role.MANAGEMENT]
    make_projects(management, project.customer_organization, 10)
    with tenant_context(project.organization_id, management):
        from apps.projects.services.sub_stages import sub_stage_block, sub_stage_start

        for progress in project.sub_stage_progress.filter(workflow_stage=project.current_stage):
            sub_stage_start(user=management, progress_id=progress.pk)
            sub_stage_block(user=management, progress_id=progress.pk, reason="Waiting for drawing")
    kinds = ("technical_review", "quote_approval", "po_approval", "quality_review", "cost_approval")
    statuses = ("pending", "approved", "rejected", "in_review", "pending")
    for kind, status in zip(kinds, statuses, strict=True):
        decided = status in ("approved", "rejected")
        ApprovalFactory(
            project=project,
            approval_type=kind,
            requested_by=team[Role.SALES],
            status=status,
            decided_by=team[Role.ENGINEERING] if decided else None,
            requested_at=timezone.now() - datetime.timedelta(hours=2),
            decided_at=timezone.now() if decided else None,
            decision_reason="Tolerances missing" if status == "rejected" else "",
        )
    login(client, management)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("projects:detail", kwargs={"pk": project.pk}))

    body = response.content.decode()
    assert body.count('data-testid="blocked-reason"') >= 1
    assert body.count('data-testid="open-approval"') == 3
    assert body.count('data-testid="approve-button"') == 3  # management may decide every one


def test_detail_offers_no_actions_to_an_auditor(client, auditor, project):
    body = login(client, auditor).get(reverse("projects:detail", kwargs={"pk": project.pk}))
    content = body.content.decode()

    assert 'data-testid="sub-stage-actions"' not in content
    assert 'data-testid="project-edit"' not in content


def test_detail_marks_overdue_work(client, sales, project):
    ProjectSubStageProgress.objects.filter(
        project=project, workflow_stage=project.current_stage
    ).update(due_at=timezone.now() - datetime.timedelta(days=1))

    body = login(client, sales).get(reverse("projects:detail", kwargs={"pk": project.pk}))

    assert 'data-testid="overdue"' in body.content.decode()


def test_activity_partial_lists_what_happened(client, sales, project):
    response = login(client, sales).get(
        reverse("projects:activity", kwargs={"pk": project.pk}), **HTMX
    )

    assert response.status_code == 200
    assert f"Created {project.project_id}" in response.content.decode()


def test_detail_header_names_the_assignee_and_the_creator(
    client, team, project, django_assert_max_num_queries
):
    """They are loaded apart from the project (its access function's second query)."""
    engineer = team[Role.ENGINEERING]
    Project.objects.filter(pk=project.pk).update(assigned_to=engineer)
    login(client, team[Role.MANAGEMENT])

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(reverse("projects:detail", kwargs={"pk": project.pk}))

    body = response.content.decode()
    assignee = body.split('data-testid="project-assignee">', 1)[1].split("<", 1)[0]
    assert assignee == engineer.name
    assert f"by {team[Role.SALES].name}" in body  # the creator


def test_the_access_function_attaches_the_people_and_keeps_their_ids(
    team, project, django_assert_num_queries
):
    with tenant_context(project.organization_id, team[Role.SALES]):
        loaded = project_get_for_user(team[Role.SALES], project.pk)

    with django_assert_num_queries(0):
        assert loaded.assigned_to == loaded.created_by == team[Role.SALES]
    assert loaded.assigned_to_id == loaded.created_by_id == team[Role.SALES].pk
