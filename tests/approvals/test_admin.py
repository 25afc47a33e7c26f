"""Tenant admins set their approval SLAs in the Django admin; the change goes through the service
(activity recorded) and stays in their tenant."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.activity.models import ActivityLog
from apps.approvals.models import ApprovalSlaPolicy
from apps.users.models import Role
from tests.approvals.factories import (
    ApprovalFactory,
    ApprovalHistoryFactory,
    ApprovalSlaPolicyFactory,
)
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_admin_sets_an_sla_in_the_own_tenant_through_the_service(
    client, admin_user, other_admin
):
    theirs = ApprovalSlaPolicyFactory(organization=other_admin.organization, priority="urgent")
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:approvals_approvalslapolicy_add"), {"priority": "urgent", "hours": "3"}
    )

    assert response.status_code == 302
    mine = ApprovalSlaPolicy.objects.get(organization=admin_user.organization)
    assert (mine.priority, mine.hours) == ("urgent", 3)
    assert ActivityLog.objects.filter(entity_type="approval_sla_policy", entity_id=mine.pk).exists()
    changelist = client.get(reverse("admin:approvals_approvalslapolicy_changelist")).content
    assert f"/{mine.pk}/change/".encode() in changelist
    assert f"/{theirs.pk}/change/".encode() not in changelist


def test_a_second_sla_for_the_same_priority_is_a_form_error(client, admin_user):
    ApprovalSlaPolicyFactory(organization=admin_user.organization, priority="high", hours=10)
    client.force_login(admin_user)

    response = client.post(
        reverse("admin:approvals_approvalslapolicy_add"), {"priority": "high", "hours": "3"}
    )

    assert response.status_code == 200
    assert b"already exists" in response.content
    assert ApprovalSlaPolicy.objects.get().hours == 10


def test_management_cannot_change_slas(client, tenant):
    # Management reaches the admin (for workflow templates) but not the approvals section.
    client.force_login(UserFactory(organization=tenant, role=Role.MANAGEMENT))
    response = client.get(reverse("admin:approvals_approvalslapolicy_changelist"))
    assert response.status_code == 403


def test_an_approvals_admin_page_costs_the_same_for_2_or_8_history_entries(client, admin_user):
    def queries_for_page_with(entries: int) -> int:
        approval = ApprovalFactory(organization=admin_user.organization)
        for number in range(entries):
            ApprovalHistoryFactory(
                approval=approval, action="comment", comments=f"Note {number}",
                user=UserFactory(organization=admin_user.organization),
            )  # fmt: skip
        url = reverse("admin:approvals_approval_change", args=[approval.pk])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("Note ") == entries
        return len(queries)

    client.force_login(admin_user)
    queries_for_page_with(1)  # the first page also fills per-process caches
    assert queries_for_page_with(8) == queries_for_page_with(2)
