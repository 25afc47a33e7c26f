"""Role and status changes on the team page leave an entry in the audit trail."""

import pytest

from apps.activity.models import ActivityAction, ActivityLog
from apps.core.tenancy import tenant_context
from apps.users.models import Role, UserStatus
from apps.users.services import team_member_update_role_status
from tests.activity.helpers import activity_of

pytestmark = pytest.mark.django_db


def test_a_role_and_status_change_is_recorded_with_old_and_new_values(admin_user, sales_user):
    with tenant_context(admin_user.organization_id, admin_user.pk):
        team_member_update_role_status(
            user=admin_user, member=sales_user, role=Role.QA, status=UserStatus.SUSPENDED
        )

    assert activity_of(sales_user, by=admin_user) == [
        (
            ActivityAction.UPDATED,
            {"role": "sales", "status": "active"},
            {"role": "qa", "status": "suspended"},
        )
    ]
    entry = ActivityLog.objects.get(user=admin_user, entity_id=sales_user.pk)
    assert (entry.organization_id, entry.entity_type) == (admin_user.organization_id, "user")


def test_no_change_records_nothing(admin_user, sales_user):
    with tenant_context(admin_user.organization_id, admin_user.pk):
        team_member_update_role_status(
            user=admin_user, member=sales_user, role=Role.SALES, status=UserStatus.ACTIVE
        )

    assert activity_of(sales_user, by=admin_user) == []
