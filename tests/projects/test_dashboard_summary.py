import datetime
import json

from django.db import connection
from django.utils import timezone

from apps.core.tenancy import tenant_context
from tests.approvals.factories import ApprovalFactory
from tests.projects.factories import ProjectFactory, ProjectSubStageProgressFactory


def summary():
    with connection.cursor() as cursor:
        cursor.execute("SELECT get_dashboard_summary()")
        value = cursor.fetchone()[0]
    return json.loads(value) if isinstance(value, str) else value


def test_summary_counts_the_current_tenant_only(tenant, other_tenant):
    past = timezone.now() - datetime.timedelta(days=2)
    ProjectFactory(organization=tenant, status="production", estimated_value=1000)
    ProjectFactory(organization=tenant, status="completed", estimated_value=500)
    ProjectSubStageProgressFactory(organization=tenant, status="in_progress", due_at=past)
    ProjectSubStageProgressFactory(organization=tenant, status="completed",
                                   started_at=past, completed_at=past, due_at=past)  # fmt: skip
    ApprovalFactory(organization=tenant)
    ProjectFactory(organization=other_tenant, status="production", estimated_value=99999)

    with tenant_context(tenant):
        numbers = summary()
    with tenant_context(None):
        nothing = summary()

    assert numbers["projects_by_status"]["completed"] == 1
    assert numbers["overdue_sub_stages"] == 1
    assert numbers["pending_approvals"] == 1
    assert float(numbers["pipeline_value"]) < 99999
    assert nothing["total_projects"] == 0 and nothing["pending_approvals"] == 0
