"""Multi-step chains: one step open at a time, the next opens when the previous is approved, the
sub-stage is released only by the last step, and a rejection at any step ends the chain."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.approvals.models import Approval, ApprovalStatus
from apps.approvals.selectors import approval_chain
from apps.approvals.services import approval_approve, approval_reject
from apps.projects.models import ProgressStatus
from apps.projects.services.sub_stages import sub_stage_complete
from apps.users.models import Role, UserStatus
from tests.approvals.helpers import act, actions_of, ask, by_role, by_user, fresh, notified

pytestmark = pytest.mark.django_db


def open_steps(approval) -> list[Approval]:
    return list(
        Approval.objects.filter(entity_id=approval.entity_id, status__in=["pending"]).order_by(
            "step_number"
        )
    )


def test_approving_a_step_opens_the_next_for_the_approver_the_plan_names(team, project):
    sales, engineer, chief = team[Role.SALES], team[Role.ENGINEERING], team["chief"]
    step1 = ask(sales, project, by_role(Role.ENGINEERING), by_user(chief), by_role(Role.FINANCE))
    assert step1.total_steps == 3 and open_steps(step1) == [step1]

    act(engineer, approval_approve, approval_id=step1.pk, comments="Drawings OK")

    step2 = Approval.objects.get(first_step=step1, step_number=2)
    assert fresh(step1).status == ApprovalStatus.APPROVED
    assert (step2.status, step2.current_approver_user, step2.current_approver_role) == (
        "pending", chief, None,
    )  # fmt: skip
    assert step2.requested_by == sales and step2.sla_due_at is not None
    assert open_steps(step1) == [step2]
    assert notified(chief, "Approval needed") and notified(sales, "Step 1 of 3 approved")
    with pytest.raises(PermissionDenied):  # step 2 is the chief's, not engineering's
        act(team["engineer2"], approval_approve, approval_id=step2.pk)

    act(chief, approval_approve, approval_id=step2.pk)
    step3 = Approval.objects.get(first_step=step1, step_number=3)
    assert step3.current_approver_role == Role.FINANCE
    act(team[Role.FINANCE], approval_approve, approval_id=step3.pk)

    chain = approval_chain(fresh(step3))
    assert [(s.step_number, s.status) for s in chain] == [(1, "approved"), (2, "approved"),
                                                          (3, "approved")]  # fmt: skip
    assert not open_steps(step1)
    assert notified(sales, f"Approved: {step1.title}")


def test_a_rejection_at_any_step_ends_the_chain(team, project):
    sales, engineer, chief = team[Role.SALES], team[Role.ENGINEERING], team["chief"]
    step1 = ask(sales, project, by_role(Role.ENGINEERING), by_user(chief), by_role(Role.FINANCE))
    act(engineer, approval_approve, approval_id=step1.pk)
    step2 = Approval.objects.get(first_step=step1, step_number=2)

    act(chief, approval_reject, approval_id=step2.pk, reason="Weld spec missing")

    assert fresh(step2).status == ApprovalStatus.REJECTED
    assert not Approval.objects.filter(first_step=step1, step_number=3).exists()
    assert not open_steps(step1)
    assert actions_of(step2) == ["request", "reject"]
    with pytest.raises(ValidationError, match="already rejected"):
        act(team[Role.MANAGEMENT], approval_approve, approval_id=step2.pk)


def test_a_step_for_someone_who_has_left_goes_to_management(team, project):
    sales, chief = team[Role.SALES], team["chief"]
    step1 = ask(sales, project, by_role(Role.ENGINEERING), by_user(chief))
    chief.status = UserStatus.DISABLED
    chief.save(update_fields=["status"])

    act(team[Role.ENGINEERING], approval_approve, approval_id=step1.pk)

    step2 = Approval.objects.get(first_step=step1, step_number=2)
    assert (step2.current_approver_user, step2.current_approver_role) == (None, "management")


def test_a_sub_stage_is_released_only_when_the_last_step_is_approved(team, signoff):
    step1 = Approval.objects.get(sub_stage_progress=signoff)
    assert (step1.total_steps, step1.current_approver_role) == (2, Role.ENGINEERING)

    act(team["engineer2"], approval_approve, approval_id=step1.pk)
    signoff.refresh_from_db()
    assert signoff.status == ProgressStatus.IN_REVIEW  # step 2 still open

    step2 = Approval.objects.get(sub_stage_progress=signoff, step_number=2)
    assert step2.current_approver_role == Role.MANAGEMENT
    act(team[Role.MANAGEMENT], approval_approve, approval_id=step2.pk)
    signoff.refresh_from_db()
    assert signoff.status == ProgressStatus.COMPLETED


def test_rejecting_the_second_step_sends_the_sub_stage_back_to_work(team, signoff):
    step1 = Approval.objects.get(sub_stage_progress=signoff)
    act(team["engineer2"], approval_approve, approval_id=step1.pk)
    step2 = Approval.objects.get(sub_stage_progress=signoff, step_number=2)

    act(team[Role.MANAGEMENT], approval_reject, approval_id=step2.pk, reason="Cost too high")

    signoff.refresh_from_db()
    assert signoff.status == ProgressStatus.IN_PROGRESS
    assert "Cost too high" in signoff.notes
    # Completing it again starts a new round at step 1.
    act(team[Role.ENGINEERING], sub_stage_complete, progress_id=signoff.pk)
    new_round = Approval.objects.get(sub_stage_progress=signoff, status="pending")
    assert (new_round.step_number, new_round.first_step_id) == (1, None)
