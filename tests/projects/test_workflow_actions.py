"""The project page's inline workflow actions: each calls the engine, answers the refreshed
section (htmx) or a redirect (plain form), and turns refusals into a readable 422/403."""

import pytest
from django.urls import reverse

from apps.approvals.models import Approval
from apps.projects.models import ProjectSubStageProgress
from apps.users.models import Role
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
ACTION_QUERIES = 45  # the transition itself (locks, checks, activity, notifications) + the page


def step_url(project, slug, action):
    progress = ProjectSubStageProgress.objects.get(project=project, sub_stage__slug=slug)
    return reverse(
        "projects:sub_stage_action",
        kwargs={"pk": project.pk, "progress_pk": progress.pk, "action": action},
    )


def status_of(project, slug):
    return ProjectSubStageProgress.objects.get(project=project, sub_stage__slug=slug).status


def test_start_and_complete_with_htmx_rerender_the_section(client, team, project):
    client.force_login(team[Role.SALES])

    started = client.post(step_url(project, "collect_documents", "start"), **HTMX)
    completed = client.post(step_url(project, "collect_documents", "complete"), **HTMX)

    assert started.status_code == 200
    assert started["HX-Trigger"] == "project-changed"
    assert completed.content.decode().lstrip().startswith('<div id="project-main"')
    assert 'data-testid="action-message"' in completed.content.decode()
    assert status_of(project, "collect_documents") == "completed"


def test_without_javascript_an_action_redirects_back_with_a_message(client, team, project):
    client.force_login(team[Role.SALES])

    response = client.post(step_url(project, "collect_documents", "start"), follow=True)

    assert response.redirect_chain[-1][0] == reverse("projects:detail", kwargs={"pk": project.pk})
    assert "Sub-stage started." in response.content.decode()


def test_an_invalid_transition_is_422_with_the_engines_message(client, team, project):
    client.force_login(team[Role.SALES])

    response = client.post(step_url(project, "collect_documents", "complete"), **HTMX)

    assert response.status_code == 422
    assert response["X-Partial-Error"] == "1"
    assert "it is pending" in response.content.decode()
    assert status_of(project, "collect_documents") == "pending"


def test_a_role_not_responsible_is_403_with_the_reason(client, team, project):
    client.force_login(team[Role.PRODUCTION])  # sales owns the inquiry sub-stages

    response = client.post(step_url(project, "collect_documents", "start"), **HTMX)

    assert response.status_code == 403
    assert "may start" in response.content.decode()
    assert status_of(project, "collect_documents") == "pending"


def test_an_auditor_is_403_before_anything_runs(client, team, project):
    client.force_login(team[Role.AUDITOR])

    response = client.post(step_url(project, "collect_documents", "start"), **HTMX)

    assert response.status_code == 403
    assert status_of(project, "collect_documents") == "pending"


def test_block_requires_a_reason_and_unblock_resumes(client, team, project):
    client.force_login(team[Role.SALES])
    url = step_url(project, "collect_documents", "block")

    empty = client.post(url, {"reason": "   "}, **HTMX)
    too_long = client.post(url, {"reason": "x" * 2001}, **HTMX)
    blocked = client.post(url, {"reason": "Waiting for the customer's drawing"}, **HTMX)

    assert (empty.status_code, too_long.status_code, blocked.status_code) == (422, 422, 200)
    assert "Waiting for the customer" in blocked.content.decode()
    assert status_of(project, "collect_documents") == "blocked"
    client.post(step_url(project, "collect_documents", "unblock"), **HTMX)
    assert status_of(project, "collect_documents") == "pending"


def test_reassign_to_a_colleague_and_refuse_a_stranger(client, team, project, other_tenant):
    client.force_login(team[Role.SALES])
    url = step_url(project, "collect_documents", "reassign")
    stranger = UserFactory(organization=other_tenant)

    refused = client.post(url, {"assignee": stranger.pk}, **HTMX)
    done = client.post(url, {"assignee": team[Role.ENGINEERING].pk}, **HTMX)

    assert refused.status_code == 422
    assert done.status_code == 200
    progress = ProjectSubStageProgress.objects.get(
        project=project, sub_stage__slug="collect_documents"
    )
    assert progress.assigned_to == team[Role.ENGINEERING]


def test_unknown_action_is_404(client, team, project):
    client.force_login(team[Role.SALES])

    assert client.post(step_url(project, "collect_documents", "explode")).status_code == 404


def test_actions_need_post(client, team, project):
    client.force_login(team[Role.SALES])

    assert client.get(step_url(project, "collect_documents", "start")).status_code == 405


def finish_inquiry_stage(client, project):
    for slug in ("collect_documents", "log_inquiry", "assign_owner"):
        if status_of(project, slug) == "pending":
            client.post(step_url(project, slug, "start"), **HTMX)
        client.post(step_url(project, slug, "complete"), **HTMX)


def test_the_project_page_decides_approvals_through_the_approvals_partial(client, team, project):
    engineer, management = team[Role.ENGINEERING], team[Role.MANAGEMENT]
    client.force_login(management)
    finish_inquiry_stage(client, project)
    project.refresh_from_db()
    assert project.current_stage.slug == "technical_review", project.current_stage.slug
    client.force_login(engineer)
    client.post(step_url(project, "tech_signoff", "start"), **HTMX)
    client.post(step_url(project, "tech_signoff", "complete"), **HTMX)
    approval = Approval.objects.get(project=project, status="pending")
    assert status_of(project, "tech_signoff") == "in_review"

    client.force_login(management)
    page = client.get(reverse("projects:detail", kwargs={"pk": project.pk})).content.decode()
    reject_url = reverse("approvals:reject", kwargs={"pk": approval.pk})
    assert 'data-testid="approve-button"' in page and f'action="{reject_url}"' in page
    # The section reloads itself when the partial reports a decision.
    assert 'hx-trigger="approval-changed from:body"' in page
    inline = {"fragment": "actions"}
    no_reason = client.post(reject_url, {**inline, "reason": ""}, **HTMX)
    rejected = client.post(reject_url, {**inline, "reason": "Tolerances missing"}, **HTMX)

    assert no_reason.status_code == 422
    assert rejected.status_code == 200 and "approval-changed" in rejected["HX-Trigger"]
    assert status_of(project, "tech_signoff") == "in_progress"

    client.force_login(engineer)
    client.post(step_url(project, "tech_signoff", "complete"), **HTMX)
    second = Approval.objects.get(project=project, status="pending")
    client.force_login(management)
    approve_url = reverse("approvals:approve", kwargs={"pk": second.pk})
    approved = client.post(approve_url, {**inline, "comments": "Good"}, **HTMX)

    assert approved.status_code == 200
    assert status_of(project, "tech_signoff") == "completed"
    page = client.get(reverse("projects:detail", kwargs={"pk": project.pk})).content.decode()
    assert page.count('data-testid="decided-approval"') == 2
    assert 'data-testid="open-approval"' not in page


@pytest.mark.parametrize("headers", [HTMX, {}], ids=["htmx", "plain-form"])
def test_completing_a_sub_stage_that_needs_approval_says_it_was_sent_for_approval(
    client, team, project, headers
):
    client.force_login(team[Role.MANAGEMENT])
    finish_inquiry_stage(client, project)
    client.post(step_url(project, "tech_signoff", "start"), **HTMX)

    response = client.post(step_url(project, "tech_signoff", "complete"), follow=True, **headers)

    assert status_of(project, "tech_signoff") == "in_review"
    page = response.content.decode()
    assert "Sub-stage sent for approval" in page
    assert "Sub-stage completed." not in page


def test_the_requester_is_offered_no_approve_button_for_their_own_request(client, team, project):
    client.force_login(team[Role.MANAGEMENT])
    finish_inquiry_stage(client, project)
    client.post(step_url(project, "tech_signoff", "start"), **HTMX)
    client.post(step_url(project, "tech_signoff", "complete"), **HTMX)
    approval = Approval.objects.get(project=project, status="pending")

    page = client.get(reverse("projects:detail", kwargs={"pk": project.pk})).content.decode()
    response = client.post(
        reverse("approvals:approve", kwargs={"pk": approval.pk}), {"fragment": "actions"}, **HTMX
    )

    assert 'data-testid="open-approval"' in page
    assert 'data-testid="approve-button"' not in page
    assert response.status_code in (403, 422)
    approval.refresh_from_db()
    assert approval.status == "pending"


def test_advance_is_refused_with_open_work_and_move_back_needs_a_reason(client, team, project):
    management = team[Role.MANAGEMENT]
    client.force_login(management)
    advance = reverse("projects:advance", kwargs={"pk": project.pk})
    back = reverse("projects:move_back", kwargs={"pk": project.pk})

    refused = client.post(advance, **HTMX)
    assert refused.status_code == 422
    assert "still has required work open" in refused.content.decode()

    ProjectSubStageProgress.objects.filter(
        project=project, workflow_stage=project.current_stage
    ).update(status="skipped")
    assert client.post(advance, **HTMX).status_code == 200
    assert client.post(back, {"reason": ""}, **HTMX).status_code == 422
    assert client.post(back, {"reason": "Customer changed the drawing"}, **HTMX).status_code == 200
    project.refresh_from_db()
    assert project.current_stage.slug == "inquiry_received"


def test_sales_cannot_move_back(client, team, project):
    client.force_login(team[Role.SALES])
    back = reverse("projects:move_back", kwargs={"pk": project.pk})

    assert client.post(back, {"reason": "Because"}, **HTMX).status_code == 403


def test_an_action_costs_a_bounded_number_of_queries(
    client, team, project, django_assert_max_num_queries
):
    client.force_login(team[Role.SALES])
    with django_assert_max_num_queries(ACTION_QUERIES):
        client.post(step_url(project, "collect_documents", "start"), **HTMX)


def test_the_reassign_menu_loads_the_colleagues_on_demand(client, team, project, other_tenant):
    client.force_login(team[Role.SALES])
    progress = ProjectSubStageProgress.objects.get(
        project=project, sub_stage__slug="collect_documents"
    )
    url = reverse(
        "projects:sub_stage_reassign_form", kwargs={"pk": project.pk, "progress_pk": progress.pk}
    )
    stranger = UserFactory(organization=other_tenant, name="Foreign Fred")

    partial = client.get(url, **HTMX)
    page = client.get(url)
    detail = client.get(reverse("projects:detail", kwargs={"pk": project.pk}))

    assert team[Role.ENGINEERING].name in partial.content.decode()
    assert stranger.name not in partial.content.decode()
    assert "<html" not in partial.content.decode() and "<html" in page.content.decode()
    assert 'data-testid="reassign-select"' not in detail.content.decode()
    assert 'data-testid="action-reassign-toggle"' in detail.content.decode()
