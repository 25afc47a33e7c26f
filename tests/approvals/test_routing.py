"""Routing an open approval: assign / reassign, delegate (until a date), cancel, escalate."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.approvals.models import ApprovalStatus
from apps.approvals.services import (
    ApproverSpec,
    approval_approve,
    approval_assign,
    approval_cancel,
    approval_delegate,
    approval_escalate,
    approval_reject,
    approvals_end_expired_delegations,
)
from apps.core.tenancy import tenant_context
from apps.users.models import Role, UserStatus
from tests.approvals.helpers import act, actions_of, ask, by_role, by_user, fresh, later, notified
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- assign / reassign ---


def test_management_assigns_a_role_approval_to_a_person_then_reassigns_it(team, project):
    manager, engineer, chief = team[Role.MANAGEMENT], team[Role.ENGINEERING], team["chief"]
    approval = ask(team[Role.SALES], project, by_role(Role.ENGINEERING))

    act(manager, approval_assign, approval_id=approval.pk, approver=by_user(engineer))
    approval = fresh(approval)
    assert (approval.current_approver_user, approval.current_approver_role) == (engineer, None)
    assert notified(engineer, "Approval needed")
    with pytest.raises(PermissionDenied):  # the role no longer decides, the person does
        act(team["engineer2"], approval_approve, approval_id=approval.pk)

    act(manager, approval_assign, approval_id=approval.pk, approver=by_user(chief),
        comments="Chief knows this customer")  # fmt: skip

    assert fresh(approval).current_approver_user == chief
    assert actions_of(approval) == ["request", "assign", "reassign"]
    assert fresh(approval).history.get(action="reassign").comments == "Chief knows this customer"


def test_only_management_assigns_and_only_to_real_approvers(team, project):
    manager = team[Role.MANAGEMENT]
    approval = ask(team[Role.SALES], project, by_role(Role.ENGINEERING))

    with pytest.raises(PermissionDenied, match="Only management"):
        act(team[Role.ENGINEERING], approval_assign, approval_id=approval.pk,
            approver=by_user(team["chief"]))  # fmt: skip
    with pytest.raises(ValidationError, match="read-only"):
        act(manager, approval_assign, approval_id=approval.pk,
            approver=by_user(team[Role.AUDITOR]))  # fmt: skip
    with pytest.raises(ValidationError, match="asked for this approval"):
        act(manager, approval_assign, approval_id=approval.pk,
            approver=by_user(team[Role.SALES]))  # fmt: skip
    with pytest.raises(ValidationError, match="cannot approve"):
        act(manager, approval_assign, approval_id=approval.pk, approver=by_role(Role.AUDITOR))
    with pytest.raises(ValidationError, match="already with them"):
        act(manager, approval_assign, approval_id=approval.pk, approver=by_role(Role.ENGINEERING))
    with pytest.raises(ValidationError, match="a person or a role"):
        act(manager, approval_assign, approval_id=approval.pk, approver=ApproverSpec())
    assert actions_of(approval) == ["request"]


# --- delegation ---


def test_the_approver_delegates_and_the_delegate_decides(team, project):
    engineer, qa = team[Role.ENGINEERING], team[Role.QA]
    approval = ask(team[Role.SALES], project, by_user(engineer))

    act(engineer, approval_delegate, approval_id=approval.pk, delegate=qa, until=later(48),
        comments="On leave this week")  # fmt: skip

    approval = fresh(approval)
    assert (approval.status, approval.delegated_by, approval.delegated_to) == (
        "delegated", engineer, qa,
    )  # fmt: skip
    assert notified(qa, "Delegated to you")
    entry = approval.history.get(action="delegate")
    assert (entry.old_status, entry.new_status, entry.metadata["delegate"]) == (
        "pending", "delegated", str(qa.pk),
    )  # fmt: skip
    act(qa, approval_approve, approval_id=approval.pk, comments="Checked for Minh")
    assert fresh(approval).decided_by == qa


def test_the_approver_keeps_the_right_to_decide_while_delegated(team, project):
    engineer = team[Role.ENGINEERING]
    approval = ask(team[Role.SALES], project, by_user(engineer))
    act(engineer, approval_delegate, approval_id=approval.pk, delegate=team[Role.QA],
        until=later(24))  # fmt: skip

    act(engineer, approval_reject, approval_id=approval.pk, reason="Changed my mind")

    assert fresh(approval).status == ApprovalStatus.REJECTED


def test_a_delegate_can_no_longer_decide_once_the_delegation_ended(team, project):
    engineer, qa = team[Role.ENGINEERING], team[Role.QA]
    approval = ask(team[Role.SALES], project, by_user(engineer))
    until = later(24)
    act(engineer, approval_delegate, approval_id=approval.pk, delegate=qa, until=until)

    after = until + datetime.timedelta(minutes=1)
    with pytest.raises(PermissionDenied, match="Your delegation for this approval ended"):
        act(qa, approval_approve, approval_id=approval.pk, now=after)
    act(qa, approval_approve, approval_id=approval.pk, now=until - datetime.timedelta(minutes=1))


def test_the_sweep_hands_an_ended_delegation_back_once(team, project, tenant):
    engineer, qa = team[Role.ENGINEERING], team[Role.QA]
    approval = ask(team[Role.SALES], project, by_user(engineer))
    until = later(24)
    act(engineer, approval_delegate, approval_id=approval.pk, delegate=qa, until=until)

    with tenant_context(tenant):
        assert approvals_end_expired_delegations(organization_id=tenant.pk, now=later(1)) == 0
        after = until + datetime.timedelta(hours=1)
        assert approvals_end_expired_delegations(organization_id=tenant.pk, now=after) == 1
        assert approvals_end_expired_delegations(organization_id=tenant.pk, now=after) == 0

    approval = fresh(approval)
    assert approval.status == ApprovalStatus.PENDING
    entry = approval.history.get(action="reassign")
    assert entry.user is None and "delegation to" in entry.comments
    assert notified(engineer, "Back with you")


@pytest.mark.parametrize(
    ("who", "until_hours", "message"),
    [
        ("self", 24, "someone other than yourself"),
        ("requester", 24, "asked for this approval"),
        ("auditor", 24, "read-only"),
        ("stranger", 24, "colleague of your factory"),
        ("disabled", 24, "not active"),
        ("qa", -1, "end in the future"),
        ("qa", 24 * 91, "at most 90 days"),
    ],
)
def test_delegation_is_to_an_active_colleague_for_a_while(
    team, project, other_tenant, who, until_hours, message
):
    engineer = team[Role.ENGINEERING]
    approval = ask(team[Role.SALES], project, by_user(engineer))
    delegate = {
        "self": engineer,
        "requester": team[Role.SALES],
        "auditor": team[Role.AUDITOR],
        "stranger": UserFactory(organization=other_tenant),
        "disabled": UserFactory(organization=project.organization, status=UserStatus.DISABLED),
        "qa": team[Role.QA],
    }[who]

    with pytest.raises(ValidationError, match=message):
        act(engineer, approval_delegate, approval_id=approval.pk, delegate=delegate,
            until=later(until_hours))  # fmt: skip
    assert fresh(approval).status == ApprovalStatus.PENDING


def test_only_the_approver_or_management_delegates_and_a_delegate_cannot_pass_it_on(team, project):
    engineer, qa = team[Role.ENGINEERING], team[Role.QA]
    approval = ask(team[Role.SALES], project, by_user(engineer))

    with pytest.raises(PermissionDenied, match="Only the approver"):
        act(team[Role.FINANCE], approval_delegate, approval_id=approval.pk, delegate=qa,
            until=later(24))  # fmt: skip
    act(engineer, approval_delegate, approval_id=approval.pk, delegate=qa, until=later(24))
    with pytest.raises(PermissionDenied, match="Only the approver"):
        act(qa, approval_delegate, approval_id=approval.pk, delegate=team[Role.FINANCE],
            until=later(24))  # fmt: skip
    act(team[Role.MANAGEMENT], approval_delegate, approval_id=approval.pk,
        delegate=team[Role.FINANCE], until=later(24))  # fmt: skip
    assert fresh(approval).delegated_to == team[Role.FINANCE]


def test_a_reassignment_ends_a_delegation(team, project):
    engineer, qa = team[Role.ENGINEERING], team[Role.QA]
    approval = ask(team[Role.SALES], project, by_user(engineer))
    act(engineer, approval_delegate, approval_id=approval.pk, delegate=qa, until=later(24))

    act(team[Role.MANAGEMENT], approval_assign, approval_id=approval.pk,
        approver=by_user(team["chief"]))  # fmt: skip

    approval = fresh(approval)
    assert (approval.status, approval.delegated_to) == ("pending", None)
    with pytest.raises(PermissionDenied):
        act(qa, approval_approve, approval_id=approval.pk)


# --- cancel ---


def test_the_requester_cancels_with_a_reason_and_the_approvers_are_told(team, project):
    sales, finance = team[Role.SALES], team[Role.FINANCE]
    approval = ask(sales, project, by_role(Role.FINANCE))

    with pytest.raises(ValidationError, match="Say why"):
        act(sales, approval_cancel, approval_id=approval.pk, reason="")
    with pytest.raises(PermissionDenied, match="Only the requester"):
        act(finance, approval_cancel, approval_id=approval.pk, reason="Not mine")
    act(sales, approval_cancel, approval_id=approval.pk, reason="Customer withdrew the RFQ")

    approval = fresh(approval)
    assert (approval.status, approval.decision_reason) == ("cancelled", "Customer withdrew the RFQ")
    assert actions_of(approval) == ["request", "cancel"]
    assert notified(finance, "Cancelled")
    with pytest.raises(ValidationError, match="already cancelled"):
        act(team[Role.MANAGEMENT], approval_cancel, approval_id=approval.pk, reason="Again")


def test_management_may_cancel_someone_elses_request(team, project):
    approval = ask(team[Role.SALES], project, by_role(Role.FINANCE))
    act(team[Role.MANAGEMENT], approval_cancel, approval_id=approval.pk, reason="Duplicate")
    assert fresh(approval).status == ApprovalStatus.CANCELLED


# --- escalate by hand ---


def test_the_requester_escalates_a_late_approval_to_the_approvers_manager(team, project):
    sales, engineer, chief = team[Role.SALES], team[Role.ENGINEERING], team["chief"]
    approval = ask(sales, project, by_user(engineer))

    with pytest.raises(PermissionDenied, match="Only the requester or the approver"):
        act(team[Role.FINANCE], approval_escalate, approval_id=approval.pk)
    act(sales, approval_escalate, approval_id=approval.pk, comments="Customer is waiting")

    approval = fresh(approval)
    assert (approval.status, approval.escalated_to, approval.escalation_level) == (
        "escalated", chief, 1,
    )  # fmt: skip
    assert approval.escalated_at >= approval.requested_at
    assert notified(chief, "Escalated to Chief Engineer")
    act(chief, approval_approve, approval_id=approval.pk)  # the manager may now decide
    assert fresh(approval).status == ApprovalStatus.APPROVED


def test_escalating_a_closed_approval_is_refused(team, project):
    approval = ask(team[Role.SALES], project, by_role(Role.FINANCE))
    act(team[Role.FINANCE], approval_approve, approval_id=approval.pk)
    with pytest.raises(ValidationError, match="already approved"):
        act(team[Role.SALES], approval_escalate, approval_id=approval.pk)
    assert fresh(approval).escalation_level == 0
