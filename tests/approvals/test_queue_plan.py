"""The queue's queries stay on indexes when the table is large: EXPLAIN, as the app role under RLS,
with 100,000 approvals of another tenant and a few thousand of the user's own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from apps.approvals import selectors
from apps.approvals.models import OPEN_STATUSES, Approval
from apps.core.tenancy import tenant_context
from apps.users.models import Role
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db

BULK_INSERT = """
INSERT INTO approvals (
    id, organization_id, approval_type, title, description, entity_type, entity_id,
    step_number, total_steps, step_approvers, requested_by_id, requested_at, status, priority,
    sla_due_at, current_approver_role, current_approver_user_id, decision_comments,
    decision_reason, escalation_level, decided_by_id, decided_at
)
SELECT gen_random_uuid(), %(org)s, 'technical_review', 'Review ' || n, '', 'project',
       gen_random_uuid(), 1, 1, '[]'::jsonb, %(requester)s, now() - interval '30 days',
       CASE WHEN n %% 10 = 0 THEN 'pending' ELSE 'approved' END,
       (ARRAY['low','normal','high','urgent','critical'])[1 + n %% 5],
       now() - interval '30 days' + (n %% 100) * interval '1 hour',
       (ARRAY['engineering','qa','finance','sales','management'])[1 + n %% 5],
       CASE WHEN n %% 7 = 0 THEN %(approver)s::uuid END, '', '', 0,
       CASE WHEN n %% 10 = 0 THEN NULL ELSE %(requester)s::uuid END,
       CASE WHEN n %% 10 = 0 THEN NULL ELSE now() END
FROM generate_series(1, %(rows)s) AS n
"""


def fill(tenant, rows: int) -> tuple:
    requester = UserFactory(organization=tenant, role=Role.SALES)
    approver = UserFactory(organization=tenant, role=Role.ENGINEERING)
    with connection.cursor() as cursor:
        # A bulk load: the audit trigger has nothing to say about it.
        cursor.execute("SELECT set_config('app.audit_source', 'bulk_load', true)")
        cursor.execute(
            BULK_INSERT,
            {"org": tenant.pk, "requester": requester.pk, "approver": approver.pk, "rows": rows},
        )
    return requester, approver


def test_the_queue_and_the_sweep_use_indexes_at_scale(tenant, other_tenant):
    fill(other_tenant, 100_000)
    _, engineer = fill(tenant, 3_000)
    manager = UserFactory(organization=tenant, role=Role.MANAGEMENT)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE approvals")

    with tenant_context(tenant, engineer):
        mine = selectors.approval_queue(engineer, params=QueryDict()).results
        everyone = selectors.approval_queue(manager, params=QueryDict("scope=all")).results
        plans = {
            "queue page": mine[:25].explain(),
            "queue count": mine.order_by().explain(),
            "everyone's page": everyone[:25].explain(),
            "sweep": Approval.objects.filter(
                organization_id=tenant.pk, status__in=OPEN_STATUSES, sla_due_at__lt=timezone.now()
            ).explain(),
        }

    for name, plan in plans.items():
        assert "Seq Scan on approvals" not in plan, f"{name}:\n{plan}"
        assert "Index" in plan, f"{name}:\n{plan}"
