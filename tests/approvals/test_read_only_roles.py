"""Auditors are read-only: they never decide, route or attach files to an approval, whatever the
approval names (a person who has since become an auditor, the auditor role in a sub-stage's plan)
and whatever extra grant they hold."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.approvals import rules
from apps.approvals.models import Approval
from apps.approvals.services import (
    approval_approve,
    approval_attachment_add,
    approval_delegate,
    approval_reject,
    approvals_escalate_overdue,
)
from apps.core.tenancy import tenant_context
from apps.users.models import Role
from tests.approvals.helpers import act, ask, by_role, by_user, fresh, hours, later

pytestmark = pytest.mark.django_db


def become_auditor(user) -> None:
    user.role = Role.AUDITOR
    user.save(update_fields=["role"])


def refused_everything(user, approval: Approval, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path
    loaded = fresh(approval)
    assert not rules.may_decide(user, loaded)
    assert not rules.may_route(user, loaded)
    assert not rules.may_attach(user, loaded)
    with pytest.raises(PermissionDenied, match="read-only"):
        act(user, approval_approve, approval_id=approval.pk)
    with pytest.raises(PermissionDenied, match="read-only"):
        act(user, approval_reject, approval_id=approval.pk, reason="No")
    with pytest.raises(PermissionDenied):
        act(user, approval_delegate, approval_id=approval.pk, delegate=None, until=later(24))
    with pytest.raises(PermissionDenied):
        act(user, approval_attachment_add, approval_id=approval.pk,
            upload=SimpleUploadedFile("q.txt", b"Torque 25 Nm"))  # fmt: skip
    assert fresh(approval).status == "pending"
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_a_named_approver_who_became_an_auditor_may_no_longer_act(
    team, project, settings, tmp_path
):
    engineer = team[Role.ENGINEERING]
    approval = ask(team[Role.SALES], project, by_user(engineer))
    become_auditor(engineer)

    refused_everything(engineer, approval, settings, tmp_path)


def test_an_auditor_with_extra_grants_still_may_not_act(team, project, settings, tmp_path):
    auditor = team[Role.AUDITOR]
    auditor.extra_permissions = ["approvals.decide", "approvals.delegate"]
    auditor.save(update_fields=["extra_permissions"])
    approval = ask(team[Role.SALES], project, by_role(Role.FINANCE))

    refused_everything(auditor, approval, settings, tmp_path)


def test_a_delegate_who_became_an_auditor_may_no_longer_decide(team, project):
    engineer, qa = team[Role.ENGINEERING], team[Role.QA]
    approval = ask(team[Role.SALES], project, by_user(engineer))
    act(engineer, approval_delegate, approval_id=approval.pk, delegate=qa, until=later(24))
    become_auditor(qa)

    with pytest.raises(PermissionDenied, match="read-only"):
        act(qa, approval_approve, approval_id=approval.pk)


def test_a_chain_step_for_someone_who_became_an_auditor_goes_to_management(team, project):
    chief = team["chief"]
    step1 = ask(team[Role.SALES], project, by_role(Role.ENGINEERING), by_user(chief))
    become_auditor(chief)

    act(team[Role.ENGINEERING], approval_approve, approval_id=step1.pk)

    step2 = Approval.objects.get(first_step=step1, step_number=2)
    assert (step2.current_approver_user, step2.current_approver_role) == (None, "management")
    with pytest.raises(PermissionDenied, match="read-only"):
        act(chief, approval_approve, approval_id=step2.pk)


def test_an_overdue_approval_skips_a_manager_who_became_an_auditor(team, project, tenant):
    approval = ask(team[Role.SALES], project, by_user(team[Role.ENGINEERING]))
    become_auditor(team["chief"])

    with tenant_context(tenant):
        approvals_escalate_overdue(organization_id=tenant.pk, now=approval.sla_due_at + hours(1))

    assert fresh(approval).escalated_to is None  # management


@pytest.mark.parametrize(
    ("signoff_roles", "asked"),
    [
        ([Role.AUDITOR, Role.ENGINEERING], [Role.ENGINEERING]),
        ([Role.AUDITOR], [Role.MANAGEMENT]),
    ],
)
def test_a_sub_stage_never_asks_the_auditor_role(team, signoff, asked):
    step1 = Approval.objects.get(sub_stage_progress=signoff)

    assert step1.current_approver_role == asked[0]
    assert step1.step_approvers == [{"role": role} for role in asked]
    assert step1.total_steps == len(asked)
