"""The sub-stage and project-stage tables (`apps.projects.rules`), walked both ways: every action
the project page offers succeeds in its service, and every action it hides is refused and writes
nothing. The page's offer is read from the selector the page renders (`project_workflow`)."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from apps.activity.models import ActivityLog
from apps.approvals.models import Approval, ApprovalEntityType, ApprovalStatus
from apps.approvals.selectors import approvals_for_project
from apps.core.tenancy import tenant_context
from apps.notifications.models import Notification
from apps.projects.models import ProgressStatus, Project, ProjectStatus, ProjectSubStageProgress
from apps.projects.rules import (
    PROJECT_STAGE_TRANSITIONS,
    SUB_STAGE_TRANSITIONS,
    SUB_STAGE_USER_ACTIONS,
    StageAction,
    SubStageAction,
    stage_position,
)
from apps.projects.selectors import project_workflow
from apps.projects.services.stages import project_advance_stage, project_move_back_stage
from apps.projects.services.sub_stages import (
    sub_stage_block,
    sub_stage_complete,
    sub_stage_reassign,
    sub_stage_skip,
    sub_stage_start,
    sub_stage_submit_for_review,
    sub_stage_unblock,
)
from apps.users.models import Role
from apps.workflow.models import WorkflowSubStage
from apps.workflow.selectors import definition_plan
from tests.approvals.factories import ApprovalFactory

pytestmark = pytest.mark.django_db

SLUG = "collect_documents"  # sales' work in the first stage, which is current
STARTED = timezone.now() - datetime.timedelta(hours=2)
DONE = timezone.now() - datetime.timedelta(hours=1)
SUB_STAGE_STATES = {
    "pending": {"status": ProgressStatus.PENDING},
    "in_progress": {"status": ProgressStatus.IN_PROGRESS, "started_at": STARTED},
    "in_review": {"status": ProgressStatus.IN_REVIEW, "started_at": STARTED},
    "blocked": {"status": ProgressStatus.BLOCKED, "started_at": STARTED, "blocked_reason": "x"},
    "blocked_unstarted": {"status": ProgressStatus.BLOCKED, "blocked_reason": "No drawings"},
    "skipped": {"status": ProgressStatus.SKIPPED, "completed_at": DONE},
    "completed": {"status": ProgressStatus.COMPLETED, "started_at": STARTED, "completed_at": DONE},
}
SUB_STAGE_SERVICES = {
    SubStageAction.START: (sub_stage_start, {}),
    SubStageAction.SUBMIT: (sub_stage_submit_for_review, {}),
    SubStageAction.COMPLETE: (sub_stage_complete, {}),
    SubStageAction.SKIP: (sub_stage_skip, {"reason": "Customer sent everything"}),
    SubStageAction.UNBLOCK: (sub_stage_unblock, {}),
    SubStageAction.BLOCK: (sub_stage_block, {"reason": "Drawings missing"}),
    SubStageAction.REASSIGN: (sub_stage_reassign, {}),
}


@contextlib.contextmanager
def undone():
    """Whatever the block writes is rolled back when it ends."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def written(project: Project) -> tuple:
    """Everything a workflow action may write, to compare before and after a refusal."""
    rows = ProjectSubStageProgress.objects.filter(project=project).order_by("pk")
    return (
        list(rows.values_list("pk", "status", "version", "assigned_to_id", "notes")),
        Project.objects.filter(pk=project.pk).values_list("version", "status").get(),
        ActivityLog.objects.count(),
        Approval.objects.count(),
        Notification.objects.count(),
    )


def attempt(user, service, **kwargs) -> Exception | None:
    """Run the service as `user` under RLS; the refusal it raised, or None when it succeeded."""
    try:
        with tenant_context(user.organization_id, user):
            service(user=user, **kwargs)
    except (ValidationError, PermissionDenied) as refusal:
        return refusal
    return None


def offered_on_page(user, project: Project):
    with tenant_context(user.organization_id, user):
        fresh = Project.objects.select_related("workflow_definition").get(pk=project.pk)
        return project_workflow(user, fresh, approvals_for_project(user, project.pk))


def sub_stage_buttons(user, project: Project, progress) -> tuple[str, ...]:
    workflow = offered_on_page(user, project)
    return next(
        step.actions
        for stage in workflow.stages
        for step in stage.sub_stages
        if step.progress is not None and step.progress.pk == progress.pk
    )


def open_approval_of(progress, requester) -> Approval:
    return ApprovalFactory(
        project=progress.project,
        organization=progress.organization,
        entity_type=ApprovalEntityType.SUB_STAGE_PROGRESS,
        entity_id=progress.pk,
        sub_stage_progress=progress,
        approval_type="other",
        requested_by=requester,
        current_approver_role=Role.MANAGEMENT,
        status=ApprovalStatus.PENDING,
    )


@pytest.mark.parametrize("state", SUB_STAGE_STATES)
@pytest.mark.parametrize(
    ("requires_approval", "can_skip"), [(False, False), (False, True), (True, False), (True, True)]
)
def test_every_sub_stage_action_the_page_offers_succeeds_and_every_other_is_refused(
    team, project, state, requires_approval, can_skip
):
    WorkflowSubStage.objects.filter(organization=project.organization, slug=SLUG).update(
        requires_approval=requires_approval, can_skip=can_skip, approval_roles=[Role.MANAGEMENT]
    )
    progress = ProjectSubStageProgress.objects.get(project=project, sub_stage__slug=SLUG)
    ProjectSubStageProgress.objects.filter(pk=progress.pk).update(**SUB_STAGE_STATES[state])
    status = SUB_STAGE_STATES[state]["status"]
    people = [team[Role.SALES], team[Role.MANAGEMENT], team[Role.QA]]  # QA is not responsible
    offered_somewhere = set()

    for awaiting_approval in (False, True):
        with undone():
            if awaiting_approval:
                open_approval_of(progress, requester=team[Role.SALES])
            for user in people:
                buttons = sub_stage_buttons(user, project, progress)
                offered_somewhere.update(buttons)
                for action in SUB_STAGE_USER_ACTIONS:
                    service, arguments = SUB_STAGE_SERVICES[action]
                    if action == SubStageAction.REASSIGN:
                        arguments = {"assignee": team[Role.ENGINEERING]}
                    case = (state, action, user.role, awaiting_approval)
                    before = written(project)
                    with undone():
                        refusal = attempt(user, service, progress_id=progress.pk, **arguments)
                        after = ProjectSubStageProgress.objects.get(pk=progress.pk).status
                    if action in buttons:
                        assert refusal is None, (case, refusal)
                        assert after in SUB_STAGE_TRANSITIONS[(status, action)].to, case
                    else:
                        assert refusal is not None, case
                        assert written(project) == before, case

    # The walk is not empty: the responsible role is offered what the table allows from here.
    from_here = {action for (source, action) in SUB_STAGE_TRANSITIONS if source == status}
    assert offered_somewhere <= from_here
    if status in (ProgressStatus.PENDING, ProgressStatus.BLOCKED):
        assert offered_somewhere


@pytest.mark.parametrize(
    ("state", "refusal_text"),
    [("in_progress", "needs an approval"), ("in_review", "Cannot submit for review")],
)
def test_a_sub_stage_that_needs_an_approval_is_not_submitted_but_completed_into_review(
    team, project, state, refusal_text
):
    WorkflowSubStage.objects.filter(organization=project.organization, slug=SLUG).update(
        requires_approval=True, approval_roles=[Role.MANAGEMENT]
    )
    progress = ProjectSubStageProgress.objects.get(project=project, sub_stage__slug=SLUG)
    ProjectSubStageProgress.objects.filter(pk=progress.pk).update(**SUB_STAGE_STATES[state])
    sales = team[Role.SALES]

    assert SubStageAction.SUBMIT not in sub_stage_buttons(sales, project, progress)
    refusal = attempt(sales, sub_stage_submit_for_review, progress_id=progress.pk)
    assert isinstance(refusal, ValidationError)
    assert refusal_text in refusal.messages[0]

    assert attempt(sales, sub_stage_complete, progress_id=progress.pk) is None
    progress.refresh_from_db()
    assert progress.status == ProgressStatus.IN_REVIEW
    assert progress.approvals.get().status == ApprovalStatus.PENDING


def place_project(project: Project, index: int, *, required_done: bool, status=None) -> None:
    """Put the project in stage `index` of its plan, with that stage's work done or not."""
    plan = definition_plan(project.workflow_definition)
    stage = plan[index]
    Project.objects.filter(pk=project.pk).update(
        current_stage_id=stage.stage_id, status=status or stage.project_status
    )
    if required_done:
        ProjectSubStageProgress.objects.filter(
            project=project, workflow_stage_id=stage.stage_id
        ).update(status=ProgressStatus.SKIPPED, completed_at=DONE, started_at=None)


STAGE_PLACES = {
    "first_with_work_open": (0, False, None),
    "first_done": (0, True, None),
    "middle_done": (1, True, None),
    "middle_with_work_open": (1, False, None),
    "last_done": (-1, True, None),
    "completed": (-1, True, ProjectStatus.COMPLETED),
    "cancelled": (1, True, ProjectStatus.CANCELLED),
}


@pytest.mark.parametrize("place", STAGE_PLACES)
def test_every_stage_move_the_page_offers_succeeds_and_every_other_is_refused(team, project, place):
    index, required_done, status = STAGE_PLACES[place]
    plan = definition_plan(project.workflow_definition)
    index = index % len(plan)
    place_project(project, index, required_done=required_done, status=status)
    project.refresh_from_db()
    position = stage_position(project, index, len(plan))
    moves = {
        StageAction.ADVANCE: (project_advance_stage, {}),
        StageAction.MOVE_BACK: (project_move_back_stage, {"reason": "Drawings changed"}),
    }
    # Sales is responsible for the first stage, engineering for the second, finance for neither.
    people = [team[Role.SALES], team[Role.ENGINEERING], team[Role.MANAGEMENT], team[Role.FINANCE]]

    for user in people:
        workflow = offered_on_page(user, project)
        offered = {
            StageAction.ADVANCE: workflow.can_advance,
            StageAction.MOVE_BACK: workflow.can_move_back,
        }
        for action, (service, arguments) in moves.items():
            case = (place, action, user.role)
            before = written(project)
            with undone():
                refusal = attempt(user, service, project_id=project.pk, **arguments)
            if offered[action]:
                assert refusal is None, (case, refusal)
                assert (position, action) in PROJECT_STAGE_TRANSITIONS, case
            else:
                assert refusal is not None, case
                assert written(project) == before, case


def test_management_is_offered_both_moves_from_a_middle_stage_whose_work_is_done(team, project):
    place_project(project, 1, required_done=True)
    workflow = offered_on_page(team[Role.MANAGEMENT], project)
    assert (workflow.can_advance, workflow.can_move_back) == (True, True)
