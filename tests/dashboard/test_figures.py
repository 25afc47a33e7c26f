"""Every figure of the materialized views equals the same figure aggregated live from the base
tables, after a refresh; and the figures are the right ones, checked against hand-computed values.
"""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from apps.core.tenancy import tenant_context
from apps.dashboard.analytics import NO_STAGE_ID
from apps.dashboard.selectors import (
    dashboard_summary_from_views,
    dashboard_summary_live,
    from_views,
    live,
)
from apps.organizations.models import Organization, OrganizationType
from apps.users.models import Role
from tests.approvals.factories import ApprovalFactory
from tests.projects.factories import ProjectFactory, ProjectSubStageProgressFactory
from tests.users.factories import UserFactory
from tests.workflow.factories import (
    WorkflowDefinitionFactory,
    WorkflowDefinitionStageFactory,
    WorkflowStageFactory,
    WorkflowSubStageFactory,
)

HOUR = datetime.timedelta(hours=1)


def rows_from_views():
    return (
        from_views.project_groups_from_views(),
        from_views.sub_stage_groups_from_views(),
        from_views.approval_groups_from_views(),
        from_views.user_loads_from_views(busy_only=False),
    )


def rows_live(as_of):
    return (
        live.project_groups_live(),
        live.sub_stage_groups_live(as_of=as_of),
        live.approval_groups_live(as_of=as_of),
        live.user_loads_live(as_of=as_of, busy_only=False),
    )


@pytest.fixture
def factory_floor(tenant):
    """A small tenant whose every figure is known by hand (see the test's expectations)."""
    now = timezone.now()
    today = timezone.localdate()
    quote = WorkflowStageFactory(organization=tenant, name="Quote", stage_order=1)
    build = WorkflowStageFactory(organization=tenant, name="Build", stage_order=2)
    costing = WorkflowSubStageFactory(workflow_stage=quote, name="Costing")
    welding = WorkflowSubStageFactory(workflow_stage=build, name="Welding")
    definition = WorkflowDefinitionFactory(organization=tenant)
    for stage in (quote, build):
        WorkflowDefinitionStageFactory(workflow_definition=definition, workflow_stage=stage)
    anna = UserFactory(organization=tenant, name="Anna", role=Role.PRODUCTION)
    binh = UserFactory(organization=tenant, name="Binh", role=Role.ENGINEERING)

    def project(**fields):
        return ProjectFactory(organization=tenant, workflow_definition=definition, **fields)

    building = project(
        status="production",
        priority_level="high",
        current_stage=build,
        stage_entered_at=now,
        estimated_value=Decimal("1000.00"),
    )
    project(status="inquiry", priority_level="normal", estimated_value=Decimal("250.50"))
    on_time = project(
        status="completed",
        current_stage=build,
        stage_entered_at=now,
        estimated_value=Decimal("9999"),
        promised_delivery_date=today,
        actual_delivery_date=today - datetime.timedelta(days=2),
    )
    late = project(
        status="completed",
        priority_level="urgent",
        current_stage=build,
        stage_entered_at=now,
        requested_delivery_date=today,
        actual_delivery_date=today + datetime.timedelta(days=3),
    )
    project(status="cancelled", priority_level="low", estimated_value=Decimal("500"))
    # Ten projects whose costing took 1, 2, ... 10 hours.
    for hours in range(1, 11):
        costed = project(status="production", current_stage=quote, stage_entered_at=now)
        ProjectSubStageProgressFactory(
            project=costed,
            sub_stage=costing,
            status="completed",
            started_at=now - 20 * HOUR,
            completed_at=now - 20 * HOUR + hours * HOUR,
        )
    ProjectSubStageProgressFactory(
        project=building,
        sub_stage=welding,
        status="in_progress",
        assigned_to=anna,
        started_at=now - 30 * HOUR,
        due_at=now - 2 * HOUR,
    )
    ProjectSubStageProgressFactory(
        project=on_time,
        sub_stage=welding,
        status="blocked",
        blocked_reason="Waiting for steel",
        assigned_to=anna,
        due_at=now + 24 * HOUR,
    )
    ProjectSubStageProgressFactory(
        project=late, sub_stage=welding, status="pending", assigned_to=binh
    )
    ApprovalFactory(
        project=building,
        status="pending",
        requested_at=now - 10 * HOUR,
        sla_due_at=now - HOUR,
        current_approver_user=binh,
        current_approver_role=None,
    )
    ApprovalFactory(
        project=building,
        status="pending",
        approval_type="quality_review",
        requested_at=now - 2 * HOUR,
        sla_due_at=now + 5 * HOUR,
    )
    ApprovalFactory(
        project=on_time,
        approval_type="quote_approval",
        status="approved",
        requested_at=now - 30 * HOUR,
        decided_at=now - 6 * HOUR,
        decided_by=anna,
    )
    ApprovalFactory(
        project=late,
        approval_type="quote_approval",
        status="rejected",
        requested_at=now - 20 * HOUR,
        decided_at=now - 8 * HOUR,
        decided_by=anna,
    )
    return {"quote": quote, "build": build, "costing": costing}


def test_the_views_give_the_hand_computed_figures_and_equal_the_live_ones(
    tenant, other_tenant, factory_floor, refreshed
):
    ProjectFactory(organization=other_tenant, status="production", estimated_value=77777)
    as_of = refreshed()

    with tenant_context(tenant):
        summary = dashboard_summary_from_views(workload_limit=None)
        assert summary == dashboard_summary_live(as_of=as_of, workload_limit=None)
        assert rows_from_views() == rows_live(as_of)

    kpis = summary.kpis
    assert (kpis.total_projects, kpis.active_projects) == (15, 12)
    assert kpis.pipeline_value == Decimal("1250.50")
    assert (kpis.overdue_sub_stages, kpis.blocked_sub_stages) == (1, 1)
    assert (kpis.pending_approvals, kpis.overdue_approvals) == (2, 1)
    assert kpis.average_pending_approval_age_hours == Decimal("6.0")
    assert (kpis.delivered_projects, kpis.on_time_delivery_rate) == (2, Decimal("0.500"))
    assert kpis.average_delivery_variance_days == Decimal("0.5")
    assert summary.projects_by_status == {"production": 11, "inquiry": 1, "completed": 2,
                                          "cancelled": 1}  # fmt: skip
    assert summary.projects_by_priority == {"high": 1, "normal": 11}
    stages = [(str(s.stage_id), s.stage_name, s.projects) for s in summary.projects_by_stage]
    assert stages == [(NO_STAGE_ID, "", 1), (str(factory_floor["quote"].pk), "Quote", 10),
                      (str(factory_floor["build"].pk), "Build", 1)]  # fmt: skip
    hours = {s.stage_name: (s.timed_sub_stages, s.average_hours) for s in summary.stage_hours}
    assert hours == {"Quote": (10, Decimal("5.5")), "Build": (0, None)}
    costing = next(row for row in summary.sub_stages if row.sub_stage_name == "Costing")
    assert (costing.total_instances, costing.completed_count) == (10, 10)
    assert costing.avg_completion_hours == Decimal("5.50")
    assert costing.p90_completion_hours == pytest.approx(9.1)
    approvals = {row.approval_type: row for row in summary.approval_types}
    assert approvals["quote_approval"].avg_decision_hours == Decimal("18.00")
    assert approvals["quote_approval"].approval_rate == Decimal("0.500")
    assert approvals["technical_review"].overdue_count == 1
    workload = [(w.user_name, w.open_sub_stages, w.overdue_sub_stages, w.blocked_sub_stages,
                 w.pending_approvals) for w in summary.workload]  # fmt: skip
    assert workload == [("Anna", 2, 1, 1, 0), ("Binh", 1, 0, 0, 1)]


def test_the_views_show_the_last_refresh_not_later_changes(tenant, factory_floor, refreshed):
    refreshed()
    ProjectFactory(organization=tenant, status="inquiry", estimated_value=Decimal("10"))

    with tenant_context(tenant):
        before = dashboard_summary_from_views().kpis.total_projects
        assert dashboard_summary_live().kpis.total_projects == before + 1
    refreshed()
    with tenant_context(tenant):
        assert dashboard_summary_from_views().kpis.total_projects == before + 1


def test_an_empty_tenant_has_zero_figures_from_both_sources(tenant, refreshed):
    as_of = refreshed()

    with tenant_context(tenant):
        summary = dashboard_summary_from_views()
        assert summary == dashboard_summary_live(as_of=as_of)
    assert summary.kpis.total_projects == 0 and summary.kpis.on_time_delivery_rate is None
    assert summary.projects_by_stage == [] and summary.workload == []


def get_dashboard_summary():
    with connection.cursor() as cursor:
        cursor.execute("SELECT get_dashboard_summary(), now()")
        value, now = cursor.fetchone()
    return (json.loads(value) if isinstance(value, str) else value), now


def assert_agrees_with_get_dashboard_summary(summary, reference):
    """The dashboard's definitions are those of the SQL function get_dashboard_summary()."""
    kpis = summary.kpis
    assert kpis.total_projects == reference["total_projects"]
    assert kpis.active_projects == reference["active_projects"]
    assert summary.projects_by_status == reference["projects_by_status"]
    assert summary.projects_by_priority == reference["projects_by_priority"]
    assert kpis.pipeline_value == Decimal(str(reference["pipeline_value"]))
    assert kpis.overdue_sub_stages == reference["overdue_sub_stages"]
    assert kpis.blocked_sub_stages == reference["blocked_sub_stages"]
    assert kpis.pending_approvals == reference["pending_approvals"]
    age = reference["average_pending_approval_age_hours"]
    assert (kpis.average_pending_approval_age_hours or 0) == Decimal(str(age))
    rate = reference["on_time_delivery_rate"]
    assert kpis.on_time_delivery_rate == (None if rate is None else Decimal(str(rate)))


def test_live_figures_agree_with_get_dashboard_summary(tenant, factory_floor):
    with tenant_context(tenant):
        reference, now = get_dashboard_summary()
        assert_agrees_with_get_dashboard_summary(dashboard_summary_live(as_of=now), reference)


def test_with_the_sample_data_every_view_figure_equals_the_live_one(refreshed):
    from django.core.management import call_command

    call_command("seed_sample_data", verbosity=0)
    as_of = refreshed()
    tenants = Organization.objects.filter(organization_type=OrganizationType.INTERNAL)
    assert tenants.count() == 2

    for tenant in tenants:
        with tenant_context(tenant):
            views, reference = rows_from_views(), rows_live(as_of)
            for from_mv, computed in zip(views, reference, strict=True):
                assert from_mv == computed
            summary = dashboard_summary_from_views(workload_limit=None)
            assert summary == dashboard_summary_live(as_of=as_of, workload_limit=None)
            assert summary.kpis.total_projects > 0
    main = tenants.get(slug="factory-pulse-vietnam")
    with tenant_context(main):
        summary = dashboard_summary_from_views()
        # The sample factory's story: overdue and blocked work, approvals waiting.
        assert summary.kpis.total_projects == 17
        assert summary.kpis.overdue_sub_stages > 0 and summary.kpis.blocked_sub_stages > 0
        assert summary.kpis.pending_approvals > 0
        assert len(summary.projects_by_stage) == 8
        reference, now = get_dashboard_summary()
        assert_agrees_with_get_dashboard_summary(dashboard_summary_live(as_of=now), reference)
