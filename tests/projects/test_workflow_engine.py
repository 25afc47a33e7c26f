"""The workflow engine's rules, through its services, as the app role under RLS."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from apps.approvals.models import Approval, ApprovalStatus
from apps.approvals.services import approval_approve, approval_reject
from apps.core.tenancy import tenant_context
from apps.notifications.models import Notification
from apps.projects.models import ProgressStatus, Project, ProjectSubStageProgress
from apps.projects.services.stages import project_advance_stage, project_move_back_stage
from apps.projects.services.sub_stages import (
    sub_stage_block,
    sub_stage_complete,
    sub_stage_reassign,
    sub_stage_skip,
    sub_stage_start,
    sub_stage_unblock,
)
from apps.users.models import Role
from tests.users.factories import UserFactory


def act(user, service, **kwargs):
    with tenant_context(user.organization_id, user):
        return service(user=user, **kwargs)


def row(project, slug) -> ProjectSubStageProgress:
    return ProjectSubStageProgress.objects.get(project=project, sub_stage__slug=slug)


def at_once(users, action, *, done: str) -> list[str]:
    """Run `action(user)` for every user on its own connection, all released at the same moment:
    `done` for each success, the refusal's message for each refusal."""
    barrier = threading.Barrier(len(users))
    outcomes: list[str] = []

    def run(user):
        try:
            with tenant_context(user.organization_id, user):
                barrier.wait()
                action(user)
            outcomes.append(done)
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def finish(user, project, slug):
    progress = row(project, slug)
    if progress.status == ProgressStatus.PENDING:
        act(user, sub_stage_start, progress_id=progress.pk)
    return act(user, sub_stage_complete, progress_id=progress.pk)


def test_start_then_complete_records_times_activity_and_version(team, project):
    sales = team[Role.SALES]
    progress = row(project, "collect_documents")

    act(sales, sub_stage_start, progress_id=progress.pk)
    act(sales, sub_stage_complete, progress_id=progress.pk)

    progress.refresh_from_db()
    assert progress.status == ProgressStatus.COMPLETED
    assert progress.started_at <= progress.completed_at
    assert progress.assigned_to == sales
    assert progress.version == 3
    assert project.activity.filter(action="sub_stage_completed").count() == 1


@pytest.mark.parametrize(
    ("setup", "service", "message"),
    [
        ([], sub_stage_complete, "Cannot complete"),
        (["start"], sub_stage_start, "Cannot start"),
        ([], sub_stage_unblock, "Cannot unblock"),
    ],
)
def test_invalid_transitions_are_refused_with_a_clear_message(team, project, setup, service,
                                                              message):  # fmt: skip
    sales = team[Role.SALES]
    progress = row(project, "collect_documents")
    if "start" in setup:
        act(sales, sub_stage_start, progress_id=progress.pk)

    with pytest.raises(ValidationError, match=message):
        act(sales, service, progress_id=progress.pk)


def test_only_skippable_sub_stages_can_be_skipped(team, project):
    management = team[Role.MANAGEMENT]
    with pytest.raises(ValidationError, match="cannot be skipped"):
        act(management, sub_stage_skip, progress_id=row(project, "collect_documents").pk)


def test_work_of_a_later_stage_cannot_be_started_yet(team, project):
    with pytest.raises(ValidationError, match="the project is in Inquiry Received"):
        act(team[Role.ENGINEERING], sub_stage_start, progress_id=row(project, "feasibility").pk)


def test_roles_not_responsible_are_refused_and_auditors_change_nothing(team, project):
    progress = row(project, "collect_documents")  # sales' work
    with pytest.raises(PermissionDenied, match="Only sales"):
        act(team[Role.QA], sub_stage_start, progress_id=progress.pk)
    with pytest.raises(PermissionDenied):
        act(team[Role.AUDITOR], sub_stage_start, progress_id=progress.pk)
    act(team[Role.MANAGEMENT], sub_stage_start, progress_id=progress.pk)  # management may


def test_block_needs_a_reason_and_unblock_resumes(team, project):
    sales = team[Role.SALES]
    progress = row(project, "collect_documents")
    act(sales, sub_stage_start, progress_id=progress.pk)

    with pytest.raises(ValidationError, match="Say why"):
        act(sales, sub_stage_block, progress_id=progress.pk, reason="  ")
    act(sales, sub_stage_block, progress_id=progress.pk, reason="Customer drawing missing")
    progress.refresh_from_db()
    assert (progress.status, progress.blocked_reason) == ("blocked", "Customer drawing missing")

    act(sales, sub_stage_unblock, progress_id=progress.pk)
    progress.refresh_from_db()
    assert (progress.status, progress.blocked_reason) == ("in_progress", "")


def test_reassign_to_a_colleague_notifies_them_and_refuses_strangers(team, project, other_tenant):
    sales, engineer = team[Role.SALES], team[Role.ENGINEERING]
    progress = row(project, "collect_documents")

    act(sales, sub_stage_reassign, progress_id=progress.pk, assignee=engineer)
    assert Notification.objects.filter(user=engineer, type="workflow").exists()
    with pytest.raises(ValidationError, match="colleague"):
        act(sales, sub_stage_reassign, progress_id=progress.pk,
            assignee=UserFactory(organization=other_tenant))  # fmt: skip


def test_the_stage_advances_automatically_when_its_required_work_is_done(team, project):
    sales, management = team[Role.SALES], team[Role.MANAGEMENT]
    finish(sales, project, "log_inquiry")
    finish(sales, project, "collect_documents")
    project.refresh_from_db()
    assert project.current_stage.slug == "inquiry_received"  # assign_owner is still open

    finish(management, project, "assign_owner")  # auto_advance

    project.refresh_from_db()
    assert project.current_stage.slug == "technical_review"
    assert project.status == "reviewing"
    assert Notification.objects.filter(user=team[Role.ENGINEERING], type="workflow").exists()


def test_a_stage_with_open_required_work_cannot_be_advanced(team, project):
    with pytest.raises(ValidationError, match="required work open: Assign project owner, Collect"):
        act(team[Role.MANAGEMENT], project_advance_stage, project_id=project.pk)


def test_approval_holds_the_sub_stage_in_review_reject_reopens_approve_completes(team, project):
    sales, engineer, management = team[Role.SALES], team[Role.ENGINEERING], team[Role.MANAGEMENT]
    for slug in ("log_inquiry", "collect_documents"):
        finish(sales, project, slug)
    finish(management, project, "assign_owner")
    for slug in ("feasibility", "material_review"):
        finish(engineer, project, slug)
    act(team[Role.QA], sub_stage_skip, progress_id=row(project, "quality_requirements").pk)

    finish(engineer, project, "tech_signoff")
    signoff = row(project, "tech_signoff")
    approval = Approval.objects.get(sub_stage_progress=signoff)
    assert signoff.status == "in_review" and approval.status == ApprovalStatus.PENDING
    assert approval.approval_type == "technical_review"
    assert Notification.objects.filter(user=management, type="approval").exists()

    with pytest.raises(PermissionDenied):
        act(team[Role.QA], approval_approve, approval_id=approval.pk)
    with pytest.raises(ValidationError, match="Say why"):
        act(management, approval_reject, approval_id=approval.pk, reason="")
    act(management, approval_reject, approval_id=approval.pk, reason="Tolerance too tight")
    signoff.refresh_from_db()
    assert signoff.status == "in_progress" and "Tolerance too tight" in signoff.notes
    assert signoff.version == 4  # started, sent for approval, back to work
    reopened = project.activity.get(action="sub_stage_reopened")
    assert (reopened.old_values, reopened.new_values["status"]) == (
        {"status": "in_review"},
        "in_progress",
    )

    act(engineer, sub_stage_complete, progress_id=signoff.pk)
    second = Approval.objects.get(sub_stage_progress=signoff, status=ApprovalStatus.PENDING)
    act(management, approval_approve, approval_id=second.pk, comments="OK now")

    signoff.refresh_from_db()
    project.refresh_from_db()
    assert signoff.status == "completed"
    assert [h.action for h in second.history.order_by("created_at")] == ["request", "approve"]
    assert project.current_stage.slug == "quote_preparation"  # tech_signoff auto-advances


def test_moving_back_a_stage_needs_management_and_a_reason(team, project):
    sales, management = team[Role.SALES], team[Role.MANAGEMENT]
    for slug in ("log_inquiry", "collect_documents"):
        finish(sales, project, slug)
    finish(management, project, "assign_owner")

    with pytest.raises(PermissionDenied):
        act(sales, project_move_back_stage, project_id=project.pk, reason="Oops")
    with pytest.raises(ValidationError, match="Say why"):
        act(management, project_move_back_stage, project_id=project.pk, reason="")
    act(management, project_move_back_stage, project_id=project.pk, reason="Missing drawings")

    project.refresh_from_db()
    assert (project.current_stage.slug, project.status) == ("inquiry_received", "inquiry")
    assert project.activity.filter(action="stage_reverted").exists()


def test_a_project_runs_through_every_stage_to_completion(team, project, tenant):
    management = team[Role.MANAGEMENT]
    second_manager = UserFactory(organization=tenant, role=Role.MANAGEMENT)
    for _ in range(8):
        project.refresh_from_db()
        if project.status == "completed":
            break
        stage_rows = (
            ProjectSubStageProgress.objects.filter(
                project=project, workflow_stage=project.current_stage
            )
            .select_related("sub_stage")
            .order_by("due_at")
        )
        for progress in stage_rows:
            if progress.status in ("completed", "skipped"):
                continue
            finish(management, project, progress.sub_stage.slug)
            pending = Approval.objects.filter(sub_stage_progress=progress, status="pending")
            for approval in pending:
                act(second_manager, approval_approve, approval_id=approval.pk)
        project.refresh_from_db()
        if (
            project.status != "completed"
            and project.current_stage_id == stage_rows[0].workflow_stage_id
        ):
            act(management, project_advance_stage, project_id=project.pk)

    project.refresh_from_db()
    assert project.status == "completed"
    assert project.actual_delivery_date is not None


@pytest.mark.django_db(transaction=True)
def test_two_people_completing_the_same_sub_stage_get_one_transition_and_one_refusal(team, project):
    sales, management = team[Role.SALES], team[Role.MANAGEMENT]
    progress = row(project, "collect_documents")
    act(sales, sub_stage_start, progress_id=progress.pk)
    outcomes = at_once(
        [sales, management],
        lambda user: sub_stage_complete(user=user, progress_id=progress.pk),
        done="done",
    )

    assert outcomes.count("done") == 1
    assert any("it is completed" in outcome for outcome in outcomes)
    progress.refresh_from_db()
    assert progress.version == 3
    assert (
        Project.objects.get(pk=project.pk).activity.filter(action="sub_stage_completed").count()
        == 1
    )


@pytest.mark.django_db(transaction=True)
def test_two_people_advancing_the_same_project_make_one_move_and_get_one_refusal(
    team, project, tenant
):
    management = team[Role.MANAGEMENT]
    second_manager = UserFactory(organization=tenant, role=Role.MANAGEMENT)
    ProjectSubStageProgress.objects.filter(
        project=project, workflow_stage=project.current_stage
    ).update(status="skipped")
    outcomes = at_once(
        [management, second_manager],
        lambda user: project_advance_stage(user=user, project_id=project.pk),
        done="moved",
    )

    assert outcomes.count("moved") == 1
    assert any("still has required work open" in outcome for outcome in outcomes)
    project.refresh_from_db()
    assert project.current_stage.slug == "technical_review"
    assert project.version == 2
    assert project.activity.filter(action="stage_advanced").count() == 1
