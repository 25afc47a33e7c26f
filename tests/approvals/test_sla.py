"""SLAs per tenant and priority, and the scheduled escalation of approvals past their SLA: to the
approver's manager, else to management; idempotent; one task per tenant, inside its context."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.activity.models import ActivityLog
from apps.approvals import tasks
from apps.approvals.filters import for_my_role_q
from apps.approvals.models import Approval, ApprovalStatus
from apps.approvals.services import (
    approval_approve,
    approval_sla_hours,
    approval_sla_policy_set,
    approvals_escalate_overdue,
)
from apps.core.tenancy import tenant_context
from apps.users.models import Role, UserStatus
from tests.approvals.factories import ApprovalFactory, ApprovalSlaPolicyFactory
from tests.approvals.helpers import act, actions_of, ask, by_role, by_user, fresh, hours, notified
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def sweep(tenant, now) -> int:
    with tenant_context(tenant):
        return approvals_escalate_overdue(organization_id=tenant.pk, now=now)


# --- SLA hours ---


def test_sla_hours_come_from_the_tenants_policy_else_the_defaults(tenant, other_tenant):
    ApprovalSlaPolicyFactory(organization=tenant, priority="urgent", hours=2)
    ApprovalSlaPolicyFactory(organization=other_tenant, priority="normal", hours=5)

    with tenant_context(tenant):
        assert approval_sla_hours(organization_id=tenant.pk, priority="urgent") == 2
        assert approval_sla_hours(organization_id=tenant.pk, priority="normal") == 48
        assert approval_sla_hours(organization_id=tenant.pk, priority="critical") == 4


def test_a_request_uses_the_tenants_sla(team, project, tenant):
    ApprovalSlaPolicyFactory(organization=tenant, priority="normal", hours=6)
    approval = ask(team[Role.SALES], project, by_role(Role.FINANCE))
    assert approval.sla_due_at - approval.requested_at == hours(6)


def test_only_an_admin_sets_slas_and_only_to_sane_hours(team, tenant):
    admin = team[Role.ADMIN]
    with pytest.raises(PermissionDenied, match="administrator"):
        act(team[Role.MANAGEMENT], approval_sla_policy_set, priority="high", hours=10)
    with pytest.raises(ValidationError, match="1 to 720"):
        act(admin, approval_sla_policy_set, priority="high", hours=0)
    with pytest.raises(ValidationError, match="listed priorities"):
        act(admin, approval_sla_policy_set, priority="someday", hours=10)

    act(admin, approval_sla_policy_set, priority="high", hours=10)
    policy = act(admin, approval_sla_policy_set, priority="high", hours=12)

    assert policy.hours == 12
    assert ActivityLog.objects.filter(entity_type="approval_sla_policy").count() == 2
    with tenant_context(tenant):
        assert approval_sla_hours(organization_id=tenant.pk, priority="high") == 12


# --- escalation of overdue approvals ---


def test_an_overdue_approval_goes_to_the_approvers_manager_once(team, project, tenant):
    sales, engineer, chief = team[Role.SALES], team[Role.ENGINEERING], team["chief"]
    approval = ask(sales, project, by_user(engineer))
    overdue_at = approval.sla_due_at + hours(1)

    assert sweep(tenant, approval.sla_due_at - hours(1)) == 0
    assert sweep(tenant, overdue_at) == 1
    assert sweep(tenant, overdue_at) == 0  # running twice escalates once

    approval = fresh(approval)
    assert (approval.status, approval.escalation_level, approval.escalated_to) == (
        "escalated", 1, chief,
    )  # fmt: skip
    assert approval.sla_due_at == overdue_at + hours(48)  # a new SLA from the escalation
    entry = approval.history.get(action="escalate")
    assert entry.user is None and entry.metadata["to"] == str(chief.pk)
    assert notified(chief, "Escalated") and notified(sales, "Escalated")
    assert notified(engineer, "Escalated")
    assert ActivityLog.objects.filter(entity_id=approval.pk, action="approval_escalated").exists()


def test_escalation_climbs_the_management_chain_as_each_new_sla_passes(team, project, tenant):
    approval = ask(team[Role.SALES], project, by_user(team[Role.ENGINEERING]))
    first = approval.sla_due_at + hours(1)
    sweep(tenant, first)

    assert sweep(tenant, first + hours(47)) == 0  # the new SLA has not passed yet
    assert sweep(tenant, first + hours(49)) == 1
    assert fresh(approval).escalated_to == team[Role.MANAGEMENT]  # the chief's manager
    assert sweep(tenant, first + hours(49 + 49)) == 1

    approval = fresh(approval)
    assert (approval.escalation_level, approval.escalated_to) == (3, None)  # management
    assert actions_of(approval) == ["request", "escalate", "escalate", "escalate"]


def test_a_role_approval_escalates_to_management_and_joins_their_queue(team, project, tenant):
    approval = ask(team[Role.SALES], project, by_role(Role.QA))
    sweep(tenant, approval.sla_due_at + hours(1))

    approval = fresh(approval)
    assert (approval.status, approval.escalated_to) == ("escalated", None)
    manager = team[Role.MANAGEMENT]
    assert notified(manager, "Escalated to management")
    assert Approval.objects.filter(for_my_role_q(manager), pk=approval.pk).exists()
    assert not Approval.objects.filter(for_my_role_q(team[Role.FINANCE]), pk=approval.pk).exists()
    act(manager, approval_approve, approval_id=approval.pk)


def test_an_inactive_manager_is_skipped_for_management(team, project, tenant):
    chief = team["chief"]
    chief.status = UserStatus.SUSPENDED
    chief.save(update_fields=["status"])
    approval = ask(team[Role.SALES], project, by_user(team[Role.ENGINEERING]))

    sweep(tenant, approval.sla_due_at + hours(1))

    assert fresh(approval).escalated_to is None


def test_decided_and_on_time_approvals_are_left_alone(team, project, tenant):
    decided = ask(team[Role.SALES], project, by_role(Role.FINANCE))
    act(team[Role.FINANCE], approval_approve, approval_id=decided.pk)
    on_time = ask(team[Role.SALES], project, by_role(Role.QA), approval_type="cost_approval",
                  priority="low")  # fmt: skip

    # Past the decided one's SLA (only its status keeps it out), within the low priority's 72 h.
    assert sweep(tenant, decided.sla_due_at + hours(1)) == 0
    assert fresh(decided).status == ApprovalStatus.APPROVED
    assert fresh(on_time).escalation_level == 0
    assert sweep(tenant, on_time.sla_due_at + hours(1)) == 1


def sweep_statements(team, tenant, count: int) -> tuple[int, int]:
    """(reads, all statements) of a sweep escalating `count` approvals: half of them named
    people (escalated to their manager), half roles (escalated to management)."""
    approvals = [
        ask(team[Role.SALES], ProjectFactory(organization=tenant),
            by_user(team[Role.ENGINEERING]) if number % 2 else by_role(Role.QA))
        for number in range(count)
    ]  # fmt: skip
    now = max(approval.sla_due_at for approval in approvals) + hours(1)
    with CaptureQueriesContext(connection) as queries:
        assert sweep(tenant, now) == count
    reads = [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    return len(reads), len(queries)


def test_the_sweep_reads_the_same_for_2_or_8_overdue_approvals(team, tenant):
    ApprovalSlaPolicyFactory(organization=tenant, priority="normal", hours=12)
    reads_for_2, statements_for_2 = sweep_statements(team, tenant, 2)
    reads_for_8, statements_for_8 = sweep_statements(team, tenant, 8)

    assert reads_for_8 == reads_for_2
    # What remains per approval are its own writes: the update, its history, activity and
    # notification rows.
    assert statements_for_8 - statements_for_2 <= 6 * 4


# --- the tasks ---


def test_the_tenant_task_escalates_only_its_own_tenants_approvals(
    team, project, tenant, other_tenant
):
    mine = ask(team[Role.SALES], project, by_role(Role.QA))
    theirs = ApprovalFactory(organization=other_tenant, sla_due_at=mine.sla_due_at)
    Approval.objects.filter(pk__in=[mine.pk, theirs.pk]).update(
        sla_due_at=mine.requested_at, requested_at=mine.requested_at
    )

    result = tasks.approvals_sweep_tenant.apply(kwargs={"organization_id": str(tenant.pk)}).get()

    assert result == {"escalated": 1, "delegations_ended": 0}
    assert fresh(mine).status == ApprovalStatus.ESCALATED
    assert fresh(theirs).status == ApprovalStatus.PENDING


def test_the_beat_task_queues_one_sweep_per_active_tenant(tenant, other_tenant, monkeypatch):
    from tests.organizations.factories import TenantFactory

    TenantFactory(is_active=False)
    queued = []
    monkeypatch.setattr(
        tasks.approvals_sweep_tenant, "delay", lambda **kwargs: queued.append(kwargs)
    )

    assert tasks.approvals_sweep_all_tenants.apply().get() == 2
    assert sorted(call["organization_id"] for call in queued) == sorted(
        [str(tenant.pk), str(other_tenant.pk)]
    )


def test_the_beat_schedule_runs_the_sweep(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["approvals-sweep"]
    assert entry["task"] == "apps.approvals.tasks.approvals_sweep_all_tenants"
    assert entry["options"]["expires"] <= entry["schedule"]
