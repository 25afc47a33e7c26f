"""Two people acting on one approval at the same moment, on two real database connections: one
succeeds and the other is refused with a clear message, never a lost update or a double effect.

`transaction=True`: each thread commits its own transaction, as two requests would.
"""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from apps.approvals.models import Approval, ApprovalStatus
from apps.approvals.services import (
    approval_approve,
    approval_reject,
    approval_request,
    approvals_escalate_overdue,
)
from apps.core.tenancy import tenant_context
from apps.users.models import Role
from tests.approvals.helpers import actions_of, ask, by_role, fresh, hours

pytestmark = pytest.mark.django_db(transaction=True)


def race(*calls) -> list[str]:
    """Run each (user, service, kwargs) in its own thread and connection, released together."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(user, service, kwargs):
        try:
            with tenant_context(user.organization_id, user):
                barrier.wait()
                service(user=user, **kwargs)
            outcomes.append("done")
        except (ValidationError, PermissionDenied) as error:
            outcomes.append(" ".join(error.messages) if hasattr(error, "messages") else str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_two_approvers_approving_at_once_get_one_approval_and_one_refusal(team, project):
    approval = ask(team[Role.SALES], project, by_role(Role.ENGINEERING))

    outcomes = race(
        (team[Role.ENGINEERING], approval_approve, {"approval_id": approval.pk}),
        (team["engineer2"], approval_approve, {"approval_id": approval.pk}),
    )

    assert outcomes.count("done") == 1
    assert "This approval is already approved." in outcomes
    assert actions_of(approval) == ["request", "approve"]


def test_an_approve_and_a_reject_at_once_leave_exactly_one_decision(team, project):
    approval = ask(team[Role.SALES], project, by_role(Role.ENGINEERING))

    outcomes = race(
        (team[Role.ENGINEERING], approval_approve, {"approval_id": approval.pk}),
        (team[Role.MANAGEMENT], approval_reject, {"approval_id": approval.pk, "reason": "No"}),
    )

    assert outcomes.count("done") == 1
    refusal = next(outcome for outcome in outcomes if outcome != "done")
    approval = fresh(approval)
    assert refusal == f"This approval is already {approval.get_status_display().lower()}."
    assert actions_of(approval) == [
        "request",
        "approve" if approval.status == "approved" else "reject",
    ]


def test_the_same_approval_requested_twice_at_once_is_opened_once(team, project):
    request = {"entity": project, "approval_type": "quote_approval", "title": "Quote",
               "approvers": [by_role(Role.FINANCE)]}  # fmt: skip

    outcomes = race(
        (team[Role.SALES], approval_request, request),
        (team[Role.ENGINEERING], approval_request, request),
    )

    assert sorted(outcomes) == [
        "A quote approval of this is already waiting for a decision.",
        "done",
    ]
    assert Approval.objects.filter(entity_id=project.pk, status="pending").count() == 1


def test_two_sweeps_at_once_escalate_an_overdue_approval_once(team, project, tenant):
    approval = ask(team[Role.SALES], project, by_role(Role.QA))
    overdue_at = approval.sla_due_at + hours(1)
    counts: list[int] = []
    barrier = threading.Barrier(2)

    def run():
        try:
            with tenant_context(tenant):
                barrier.wait()
                counts.append(approvals_escalate_overdue(organization_id=tenant.pk, now=overdue_at))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(counts) == [0, 1]
    approval = fresh(approval)
    assert (approval.status, approval.escalation_level) == (ApprovalStatus.ESCALATED, 1)
    assert actions_of(approval) == ["request", "escalate"]
