"""Asking for approvals and deciding them: who may, which transitions exist, what is recorded."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.activity.models import ActivityLog
from apps.approvals.models import Approval, ApprovalStatus
from apps.approvals.services import (
    ApproverSpec,
    approval_approve,
    approval_cancel,
    approval_reject,
    approval_request,
)
from apps.core.tenancy import tenant_context
from apps.users.models import Role, UserStatus
from tests.approvals.helpers import (
    act,
    actions_of,
    ask,
    by_role,
    by_user,
    fresh,
    hours,
    later,
    notified,
)
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_request_opens_a_pending_approval_with_its_sla_history_and_notice(team, project):
    sales, finance = team[Role.SALES], team[Role.FINANCE]

    approval = ask(sales, project, by_role(Role.FINANCE), priority="high")

    assert approval.status == ApprovalStatus.PENDING
    assert (approval.step_number, approval.total_steps) == (1, 1)
    assert approval.current_approver_role == Role.FINANCE
    assert approval.sla_due_at - approval.requested_at == hours(24)  # high priority default
    assert (approval.entity_type, approval.entity_id) == ("project", project.pk)
    assert actions_of(approval) == ["request"]
    assert notified(finance, "Approval needed")
    assert not notified(sales)
    assert ActivityLog.objects.filter(entity_id=approval.pk, action="approval_requested").exists()


@pytest.mark.parametrize(
    ("approvers", "message"),
    [
        ([], "Name at least one approver"),
        ([ApproverSpec(role="auditor")], "cannot approve"),
        ([ApproverSpec(role="overlord")], "cannot approve"),
        ([ApproverSpec()], "a person or a role"),
        ([ApproverSpec(role=Role.QA)] * 11, "at most 10 steps"),
    ],
)
def test_a_request_names_real_approvers(team, project, approvers, message):
    with pytest.raises(ValidationError, match=message):
        ask(team[Role.SALES], project, *approvers)


def test_a_request_refuses_people_who_cannot_approve(team, project, other_tenant):
    sales = team[Role.SALES]
    stranger = UserFactory(organization=other_tenant, role=Role.MANAGEMENT)
    gone = UserFactory(organization=project.organization, status=UserStatus.DISABLED)

    with pytest.raises(ValidationError, match="colleague of your factory"):
        ask(sales, project, by_user(stranger))
    with pytest.raises(ValidationError, match="not active"):
        ask(sales, project, by_user(gone))
    with pytest.raises(ValidationError, match="asked for this approval"):
        ask(sales, project, by_user(sales))
    with pytest.raises(ValidationError, match="read-only"):
        ask(sales, project, by_user(team[Role.AUDITOR]))


def test_a_request_refuses_bad_fields_and_roles_without_the_permission(team, project):
    sales = team[Role.SALES]
    with pytest.raises(ValidationError, match="title"):
        ask(sales, project, by_role(Role.QA), title="  ")
    with pytest.raises(ValidationError, match="kinds of approval"):
        ask(sales, project, by_role(Role.QA), approval_type="vibes")
    with pytest.raises(ValidationError, match="listed priorities"):
        ask(sales, project, by_role(Role.QA), priority="asap")
    with pytest.raises(ValidationError, match="in the future"):
        ask(sales, project, by_role(Role.QA), due_at=later(-1))
    with pytest.raises(PermissionDenied, match="cannot ask"):
        ask(team[Role.AUDITOR], project, by_role(Role.QA))


def test_the_same_approval_cannot_be_open_twice(team, project):
    sales = team[Role.SALES]
    ask(sales, project, by_role(Role.FINANCE))
    with tenant_context(sales.organization_id, sales):
        with pytest.raises(ValidationError, match="A quote approval of this is already waiting"):
            approval_request(user=sales, entity=project, approval_type="quote_approval",
                             title="Again", approvers=[by_role(Role.QA)])  # fmt: skip
        # The refusal leaves the request's transaction usable.
        assert Approval.objects.filter(entity_id=project.pk).count() == 1


def test_anyone_with_the_approver_role_may_decide_and_management_always_may(team, project):
    sales = team[Role.SALES]
    first = ask(sales, project, by_role(Role.ENGINEERING))
    second = ask(sales, project, by_role(Role.ENGINEERING), approval_type="cost_approval")
    third = ask(sales, project, by_role(Role.ENGINEERING), approval_type="po_approval")

    with pytest.raises(PermissionDenied, match="not an approver"):
        act(team[Role.QA], approval_approve, approval_id=first.pk)
    with pytest.raises(PermissionDenied, match="read-only"):
        act(team[Role.AUDITOR], approval_reject, approval_id=first.pk, reason="No")
    act(team["engineer2"], approval_approve, approval_id=first.pk)
    act(team[Role.MANAGEMENT], approval_approve, approval_id=second.pk)
    act(team[Role.ADMIN], approval_reject, approval_id=third.pk, reason="Over budget")

    assert fresh(first).decided_by == team["engineer2"]
    assert fresh(second).decided_by == team[Role.MANAGEMENT]
    assert fresh(third).status == ApprovalStatus.REJECTED


def test_a_named_person_decides_not_their_role_colleagues(team, project):
    approval = ask(team[Role.SALES], project, by_user(team[Role.ENGINEERING]))

    with pytest.raises(PermissionDenied, match="not an approver"):
        act(team["engineer2"], approval_approve, approval_id=approval.pk)
    act(team[Role.ENGINEERING], approval_approve, approval_id=approval.pk, comments="Fine")

    assert fresh(approval).decision_comments == "Fine"


def test_nobody_decides_their_own_request_except_an_admin(team, project):
    manager = team[Role.MANAGEMENT]
    own = ask(manager, project, by_role(Role.MANAGEMENT))
    with pytest.raises(PermissionDenied, match="your own request"):
        act(manager, approval_approve, approval_id=own.pk)

    admin = team[Role.ADMIN]
    admins_own = ask(admin, project, by_role(Role.MANAGEMENT), approval_type="cost_approval")
    act(admin, approval_approve, approval_id=admins_own.pk)
    assert fresh(admins_own).status == ApprovalStatus.APPROVED


def test_an_inactive_approver_is_refused(team, project):
    approval = ask(team[Role.SALES], project, by_user(team[Role.ENGINEERING]))
    engineer = team[Role.ENGINEERING]
    engineer.status = UserStatus.SUSPENDED
    engineer.save(update_fields=["status"])

    with pytest.raises(PermissionDenied, match="not active"):
        act(engineer, approval_approve, approval_id=approval.pk)


@pytest.mark.parametrize(
    ("first", "then", "message"),
    [
        ("approve", "approve", "already approved"),
        ("approve", "reject", "already approved"),
        ("reject", "approve", "already rejected"),
        ("cancel", "approve", "already cancelled"),
        ("cancel", "reject", "already cancelled"),
    ],
)
def test_a_closed_approval_refuses_every_further_decision(team, project, first, then, message):
    sales, manager = team[Role.SALES], team[Role.MANAGEMENT]
    approval = ask(sales, project, by_role(Role.FINANCE))
    services = {
        "approve": (manager, approval_approve, {}),
        "reject": (manager, approval_reject, {"reason": "Too expensive"}),
        "cancel": (sales, approval_cancel, {"reason": "Customer withdrew the RFQ"}),
    }
    user, service, extra = services[first]
    act(user, service, approval_id=approval.pk, **extra)

    user, service, extra = services[then]
    user = team[Role.FINANCE]
    with pytest.raises(ValidationError, match=message):
        act(user, service, approval_id=approval.pk, **extra)
    assert len(actions_of(approval)) == 2


def test_an_unknown_approval_is_refused_plainly(team, other_tenant):
    from tests.approvals.factories import ApprovalFactory

    foreign = ApprovalFactory(organization=other_tenant)
    with pytest.raises(ValidationError, match="does not exist"):
        act(team[Role.MANAGEMENT], approval_approve, approval_id=foreign.pk)
    with pytest.raises(ValidationError, match="does not exist"):
        act(team[Role.MANAGEMENT], approval_approve, approval_id="not-a-uuid")


def test_reject_needs_a_reason_and_tells_the_requester(team, project):
    sales, finance = team[Role.SALES], team[Role.FINANCE]
    approval = ask(sales, project, by_role(Role.FINANCE))

    with pytest.raises(ValidationError, match="Say why"):
        act(finance, approval_reject, approval_id=approval.pk, reason="   ")
    with pytest.raises(ValidationError, match="under 2000"):
        act(finance, approval_reject, approval_id=approval.pk, reason="x" * 2001)
    act(finance, approval_reject, approval_id=approval.pk, reason="Margin below 12%")

    approval = fresh(approval)
    assert (approval.status, approval.decision_reason) == ("rejected", "Margin below 12%")
    assert approval.decided_by == finance and approval.decided_at >= approval.requested_at
    assert actions_of(approval) == ["request", "reject"]
    assert notified(sales, "Rejected")


def test_approve_records_history_activity_and_tells_the_requester(team, project):
    sales, finance = team[Role.SALES], team[Role.FINANCE]
    approval = ask(sales, project, by_role(Role.FINANCE))

    act(finance, approval_approve, approval_id=approval.pk, comments="Go ahead")

    entry = fresh(approval).history.get(action="approve")
    assert (entry.old_status, entry.new_status, entry.user) == ("pending", "approved", finance)
    assert entry.comments == "Go ahead"
    assert ActivityLog.objects.filter(entity_id=approval.pk, action="approval_approved").exists()
    assert notified(sales, "Approved")
