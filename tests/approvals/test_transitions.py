"""The approval table (`apps.approvals.rules.APPROVAL_TRANSITIONS`), walked both ways: every move
the pages offer (the presenter's actions and the `approval_tags` filters the templates use to
show buttons) succeeds in its service, and every move they hide is refused and writes nothing.
Assigning is offered on no page and the end of a delegation is the sweep's, so both are left to
their own tests."""

from __future__ import annotations

import contextlib
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from apps.activity.models import ActivityLog
from apps.approvals.models import Approval, ApprovalHistory, ApprovalStatus
from apps.approvals.presenters import approval_actions
from apps.approvals.rules import APPROVAL_TRANSITIONS, ApprovalMove
from apps.approvals.services import (
    approval_approve,
    approval_attachment_add,
    approval_cancel,
    approval_delegate,
    approval_escalate,
    approval_reject,
)
from apps.approvals.templatetags import approval_tags
from apps.core.tenancy import tenant_context
from apps.notifications.models import Notification
from apps.users.models import Role
from tests.approvals.factories import ApprovalFactory

pytestmark = pytest.mark.django_db

EARLIER = timezone.now() - datetime.timedelta(hours=3)


def decidable_by(approval, user) -> bool:
    return approval_actions(user, approval, fragment="actions").may_decide


def routable_by(approval, user) -> bool:
    return approval_actions(user, approval, fragment="actions").may_route


# What decides whether a page shows each move's button: the actions partial's presenter for
# approve, reject and delegate, the template filters for the others.
BUTTON_FILTERS = {
    ApprovalMove.APPROVE: decidable_by,
    ApprovalMove.REJECT: decidable_by,
    ApprovalMove.DELEGATE: routable_by,
    ApprovalMove.ESCALATE: approval_tags.escalatable_by,
    ApprovalMove.CANCEL: approval_tags.cancellable_by,
    ApprovalMove.ATTACH: approval_tags.attachable_by,
}


def status_fields(status: str, team) -> dict:
    """What the database asks of an approval in `status` (who and when)."""
    engineer, manager = team[Role.ENGINEERING], team[Role.MANAGEMENT]
    return {
        ApprovalStatus.DELEGATED: {
            "delegated_by": engineer,
            "delegated_to": team["engineer2"],
            "delegated_until": timezone.now() + datetime.timedelta(days=2),
        },
        ApprovalStatus.ESCALATED: {
            "escalated_at": EARLIER,
            "escalation_level": 1,
            "escalated_to": team["chief"],
        },
        ApprovalStatus.APPROVED: {"decided_by": manager, "decided_at": EARLIER},
        ApprovalStatus.REJECTED: {"decided_by": manager, "decided_at": EARLIER},
        ApprovalStatus.CANCELLED: {"decision_reason": "Not needed"},
    }.get(status, {})


@contextlib.contextmanager
def undone():
    """Whatever the block writes is rolled back when it ends."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def written(approval: Approval) -> tuple:
    return (
        Approval.objects.filter(pk=approval.pk).values_list("status", "updated_at").get(),
        Approval.objects.count(),
        ApprovalHistory.objects.count(),
        ActivityLog.objects.count(),
        Notification.objects.count(),
        approval.attachments.count(),
    )


def run(move: ApprovalMove, user, approval: Approval, team) -> Exception | None:
    """Take `move` through its service as `user`; the refusal, or None when it succeeded."""
    delegate = team["chief"] if user == team["engineer2"] else team["engineer2"]
    services = {
        ApprovalMove.APPROVE: (approval_approve, {"comments": "Fine"}),
        ApprovalMove.REJECT: (approval_reject, {"reason": "Tolerance too tight"}),
        ApprovalMove.DELEGATE: (
            approval_delegate,
            {"delegate": delegate, "until": timezone.now() + datetime.timedelta(days=1)},
        ),
        ApprovalMove.ESCALATE: (approval_escalate, {"comments": "Late"}),
        ApprovalMove.CANCEL: (approval_cancel, {"reason": "Customer withdrew"}),
        ApprovalMove.ATTACH: (
            approval_attachment_add,
            {"upload": SimpleUploadedFile("torque.txt", b"Torque 25 Nm")},
        ),
    }
    service, arguments = services[move]
    try:
        with tenant_context(user.organization_id, user):
            service(user=user, approval_id=approval.pk, **arguments)
    except (ValidationError, PermissionDenied) as refusal:
        return refusal
    return None


@pytest.mark.parametrize("status", ApprovalStatus.values)
def test_every_approval_move_a_page_offers_succeeds_and_every_other_is_refused(
    team, project, status, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    approval = ApprovalFactory(
        project=project,
        organization=project.organization,
        requested_by=team[Role.SALES],
        current_approver_user=team[Role.ENGINEERING],
        current_approver_role=None,
        requested_at=EARLIER - datetime.timedelta(hours=1),
        status=status,
        **status_fields(status, team),
    )
    people = [
        team[Role.SALES],  # the requester
        team[Role.ENGINEERING],  # the approver
        team["engineer2"],  # the delegate, when delegated
        team[Role.MANAGEMENT],
        team[Role.ADMIN],
        team[Role.FINANCE],  # not involved
        team[Role.AUDITOR],  # read-only
    ]
    offered_to_anyone = set()

    for user in people:
        for move, shows_button in BUTTON_FILTERS.items():
            offered = shows_button(Approval.objects.get(pk=approval.pk), user)
            case = (status, move, user.email)
            before = written(approval)
            with undone():
                refusal = run(move, user, approval, team)
                after = Approval.objects.get(pk=approval.pk).status
            if offered:
                offered_to_anyone.add(move)
                assert refusal is None, (case, refusal)
                assert after in APPROVAL_TRANSITIONS[(status, move)].to, case
            else:
                assert refusal is not None, case
                assert written(approval) == before, case

    allowed_from_here = {move for (source, move) in APPROVAL_TRANSITIONS if source == status}
    assert offered_to_anyone == allowed_from_here & set(BUTTON_FILTERS)
