"""The database itself keeps approvals coherent: choices, steps, approvers, dates, decisions,
one open approval per step, and an append-only history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.approvals.models import Approval, ApprovalHistory, ApprovalStatus
from apps.core.tenancy import tenant_context
from tests.approvals.factories import (
    ApprovalAttachmentFactory,
    ApprovalFactory,
    ApprovalHistoryFactory,
    ApprovalSlaPolicyFactory,
)
from tests.dbchecks import db_now, execute, permission_denied, refused_by
from tests.projects.factories import ProjectFactory
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "field", ["approval_type", "entity_type", "status", "priority", "current_approver_role"]
)
def test_choice_columns_refuse_unknown_values(tenant, field):
    with refused_by(f"approvals_{field}_valid"):
        ApprovalFactory(organization=tenant, **{field: "bogus"})


def test_history_choice_columns_refuse_unknown_values(tenant):
    with refused_by("approval_history_action_valid"):
        ApprovalHistoryFactory(organization=tenant, action="shrug")
    with refused_by("approval_history_new_status_valid"):
        ApprovalHistoryFactory(organization=tenant, new_status="maybe")


def test_step_is_within_the_number_of_steps(tenant):
    first = ApprovalFactory(organization=tenant, total_steps=2)
    with refused_by("approvals_step_within_total"):
        ApprovalFactory(organization=tenant, step_number=3, total_steps=2, first_step=first)
    with refused_by("approvals_step_within_total"):
        ApprovalFactory(organization=tenant, step_number=0, total_steps=2)
    ApprovalFactory(organization=tenant, step_number=2, total_steps=2, first_step=first)


def test_later_steps_point_at_the_first_step_and_the_first_at_none(tenant, other_tenant):
    first = ApprovalFactory(organization=tenant, total_steps=2)
    with refused_by("approvals_steps_link_to_the_first"):
        ApprovalFactory(organization=tenant, step_number=2, total_steps=2)
    with refused_by("approvals_steps_link_to_the_first"):
        ApprovalFactory(organization=tenant, total_steps=2, first_step=first)
    with refused_by("approvals_first_step_same_tenant_fk"):
        ApprovalFactory(
            organization=other_tenant,
            step_number=2,
            total_steps=2,
            first_step=ApprovalFactory(organization=tenant, total_steps=2),
        )


def test_sla_policies_have_a_sane_number_of_hours_once_per_priority(tenant):
    with refused_by("approval_sla_policies_hours_range"):
        ApprovalSlaPolicyFactory(organization=tenant, hours=0)
    with refused_by("approval_sla_policies_hours_range"):
        ApprovalSlaPolicyFactory(organization=tenant, hours=24 * 31)
    with refused_by("approval_sla_policies_priority_valid"):
        ApprovalSlaPolicyFactory(organization=tenant, priority="whenever")
    ApprovalSlaPolicyFactory(organization=tenant, priority="urgent", hours=2)
    with refused_by("approval_sla_policies_one_per_priority"):
        ApprovalSlaPolicyFactory(organization=tenant, priority="urgent", hours=3)


def test_an_approval_has_an_approver(tenant, admin_user):
    with refused_by("approvals_has_approver"):
        ApprovalFactory(organization=tenant, current_approver_role=None)
    ApprovalFactory(
        organization=tenant, current_approver_role=None, current_approver_user=admin_user
    )


def test_deadlines_come_after_the_request(tenant):
    requested = timezone.now()
    earlier = requested - timedelta(hours=1)

    with refused_by("approvals_due_after_requested"):
        ApprovalFactory(organization=tenant, requested_at=requested, due_at=earlier)
    with refused_by("approvals_sla_due_after_requested"):
        ApprovalFactory(organization=tenant, requested_at=requested, sla_due_at=earlier)
    ApprovalFactory(
        organization=tenant,
        requested_at=requested,
        due_at=requested + timedelta(days=2),
        sla_due_at=requested + timedelta(days=3),
    )


def test_a_decision_records_who_and_when(tenant, admin_user):
    with refused_by("approvals_decision_has_who_and_when"):
        ApprovalFactory(organization=tenant, status=ApprovalStatus.APPROVED)
    ApprovalFactory(
        organization=tenant,
        status=ApprovalStatus.REJECTED,
        decided_by=admin_user,
        decided_at=timezone.now() + timedelta(minutes=5),
        decision_reason="Tolerance on bore not achievable",
    )


def test_delegation_names_both_people_and_not_the_same_one(tenant, admin_user, sales_user):
    with refused_by("approvals_delegation_has_from_and_to"):
        ApprovalFactory(
            organization=tenant, status=ApprovalStatus.DELEGATED, delegated_by=admin_user
        )
    with refused_by("approvals_not_delegated_to_self"):
        ApprovalFactory(organization=tenant, delegated_by=admin_user, delegated_to=admin_user)
    ApprovalFactory(
        organization=tenant,
        status=ApprovalStatus.DELEGATED,
        delegated_by=admin_user,
        delegated_to=sales_user,
    )


def test_only_one_open_approval_per_entity_type_and_step(tenant, admin_user):
    first = ApprovalFactory(organization=tenant)
    same_step = {
        "project": first.project,
        "entity_id": first.entity_id,
        "approval_type": first.approval_type,
    }

    with refused_by("approvals_one_open_per_entity_step"):
        ApprovalFactory(**same_step)

    Approval.objects.filter(pk=first.pk).update(
        status=ApprovalStatus.APPROVED, decided_by=admin_user, decided_at=timezone.now()
    )
    second_round = ApprovalFactory(**same_step, total_steps=2)  # a new round once decided
    ApprovalFactory(**same_step, step_number=2, total_steps=2, first_step=second_round)


def test_project_and_history_stay_in_the_approvals_tenant(tenant, other_tenant):
    foreign_project = ProjectFactory(organization=other_tenant)
    foreign_approval = ApprovalFactory(organization=other_tenant)

    with refused_by("approvals_project_same_tenant_fk"):
        ApprovalFactory(organization=tenant, project=foreign_project)
    with refused_by("approval_history_approval_same_tenant_fk"):
        ApprovalHistoryFactory(
            organization=tenant, approval=foreign_approval, user=UserFactory(organization=tenant)
        )


def test_attachments_have_a_size_and_a_sha256(tenant):
    with refused_by("approval_attachments_size_positive"):
        ApprovalAttachmentFactory(organization=tenant, size_bytes=0)
    with refused_by("approval_attachments_checksum_sha256_hex"):
        ApprovalAttachmentFactory(organization=tenant, checksum_sha256="not-a-digest")


def test_history_is_append_only_for_the_app_role(tenant):
    entry = ApprovalHistoryFactory(organization=tenant)

    with tenant_context(tenant):
        ApprovalHistoryFactory(approval=entry.approval, comments="Looks fine to me")
        assert ApprovalHistory.objects.filter(approval=entry.approval).count() == 2
        with permission_denied():
            execute("UPDATE approval_history SET comments = 'rewritten' WHERE id = %s", [entry.pk])
        with permission_denied():
            execute("DELETE FROM approval_history WHERE id = %s", [entry.pk])


def test_updated_at_is_kept_by_the_database(tenant):
    approval = ApprovalFactory(organization=tenant)
    written_by_django = approval.updated_at

    execute("UPDATE approvals SET priority = 'high' WHERE id = %s", [approval.pk])

    approval.refresh_from_db()
    assert approval.updated_at == db_now() != written_by_django
