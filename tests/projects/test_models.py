"""The database itself keeps projects and their progress true: choices, codes, tenants, dates,
and the full-text search vector."""

from datetime import timedelta

import pytest
from django.contrib.postgres.search import SearchQuery
from django.utils import timezone

from apps.organizations.models import Organization
from apps.projects.models import SEARCH_CONFIG, ProgressStatus, Project
from tests.dbchecks import db_now, execute, refused_by
from tests.organizations.factories import CustomerFactory
from tests.projects.factories import ProjectFactory, ProjectSubStageProgressFactory
from tests.workflow.factories import (
    WorkflowDefinitionStageFactory,
    WorkflowStageFactory,
    WorkflowSubStageFactory,
)

pytestmark = pytest.mark.django_db


def search(text: str):
    return Project.objects.filter(search_vector=SearchQuery(text, config=SEARCH_CONFIG))


@pytest.mark.parametrize(
    "field", ["status", "priority_level", "project_type", "intake_type", "intake_source"]
)
def test_choice_columns_refuse_unknown_values(tenant, field):
    project = ProjectFactory.build(organization=tenant, **{field: "bogus"})
    project.customer_organization.save()
    project.workflow_definition.save()

    with refused_by(f"projects_{field}_valid"):
        Project.objects.bulk_create([project])


def test_project_code_is_unique_per_tenant_only(tenant, other_tenant):
    ProjectFactory(organization=tenant, project_id="P-25010001")

    with refused_by("projects_org_project_id_unique"):
        ProjectFactory(organization=tenant, project_id="P-25010001")
    ProjectFactory(organization=other_tenant, project_id="P-25010001")


def test_project_code_and_title_cannot_be_blank(tenant):
    with refused_by("projects_project_id_not_blank"):
        ProjectFactory(organization=tenant, project_id=" ")
    with refused_by("projects_title_not_empty"):
        ProjectFactory(organization=tenant, title="")


def test_customer_and_definition_belong_to_the_projects_tenant(tenant, other_tenant):
    foreign_customer = CustomerFactory(owner_organization=other_tenant)
    foreign_definition = ProjectFactory(organization=other_tenant).workflow_definition

    with refused_by("projects_customer_same_tenant_fk"):
        ProjectFactory(organization=tenant, customer_organization=foreign_customer)
    with refused_by("projects_definition_same_tenant_fk"):
        ProjectFactory(organization=tenant, workflow_definition=foreign_definition)


def test_current_stage_is_a_stage_of_the_projects_definition(tenant):
    included = WorkflowDefinitionStageFactory(organization=tenant)
    other_stage = WorkflowStageFactory(organization=tenant)
    entered = timezone.now()

    with refused_by("projects_current_stage_in_definition_fk"):
        ProjectFactory(
            workflow_definition=included.workflow_definition,
            current_stage=other_stage,
            stage_entered_at=entered,
        )
    project = ProjectFactory(
        workflow_definition=included.workflow_definition,
        current_stage=included.workflow_stage,
        stage_entered_at=entered,
    )
    assert project.organization == tenant


def test_a_current_stage_has_an_entry_time(tenant):
    included = WorkflowDefinitionStageFactory(organization=tenant)

    with refused_by("projects_current_stage_has_entered_at"):
        ProjectFactory(
            workflow_definition=included.workflow_definition,
            current_stage=included.workflow_stage,
            stage_entered_at=None,
        )


def test_values_cannot_be_negative(tenant):
    with refused_by("projects_estimated_value_not_negative"):
        ProjectFactory(organization=tenant, estimated_value=-1)


def test_search_vector_is_built_by_the_database(tenant):
    customer = CustomerFactory(owner_organization=tenant, name="Tokyo Precision Ltd")
    project = ProjectFactory(
        organization=tenant,
        customer_organization=customer,
        project_id="P-25010042",
        title="Optics line",
        description="High-precision lens housings",
    )

    project.refresh_from_db()
    assert project.search_vector  # Django never sets it: the trigger did
    assert list(search("tokyo precision")) == [project]
    assert list(search("housings")) == [project]
    assert list(search("P-25010042")) == [project]
    assert list(search("25010042")) == [project]
    assert not search("osaka").exists()


def test_search_vector_follows_raw_sql_and_customer_renames(tenant):
    customer = CustomerFactory(owner_organization=tenant, name="Tokyo Precision Ltd")
    project = ProjectFactory(organization=tenant, customer_organization=customer, title="Lens")

    execute("UPDATE projects SET title = 'Gearbox housing' WHERE id = %s", [project.pk])
    Organization.objects.filter(pk=customer.pk).update(name="Osaka Optics")

    assert list(search("gearbox")) == [project]
    assert list(search("osaka")) == [project]
    assert not search("lens").exists()
    assert not search("tokyo").exists()


def test_updated_at_is_kept_by_the_database(tenant):
    project = ProjectFactory(organization=tenant)
    written_by_django = project.updated_at

    execute("UPDATE projects SET priority_level = 'urgent' WHERE id = %s", [project.pk])

    project.refresh_from_db()
    assert project.updated_at == db_now() != written_by_django


def test_one_progress_row_per_project_and_sub_stage(tenant):
    progress = ProjectSubStageProgressFactory(organization=tenant)

    with refused_by("project_sub_stage_progress_project_sub_stage_unique"):
        ProjectSubStageProgressFactory(project=progress.project, sub_stage=progress.sub_stage)


def test_progress_sub_stage_belongs_to_its_stage_and_tenant(tenant, other_tenant):
    sub_stage = WorkflowSubStageFactory(organization=tenant)
    another_stage = WorkflowStageFactory(organization=tenant)
    foreign_sub_stage = WorkflowSubStageFactory(organization=other_tenant)

    with refused_by("project_sub_stage_progress_sub_stage_of_stage_fk"):
        ProjectSubStageProgressFactory(
            organization=tenant, sub_stage=sub_stage, workflow_stage=another_stage
        )
    with refused_by("project_sub_stage_progress_sub_stage_of_stage_fk"):
        ProjectSubStageProgressFactory(organization=tenant, sub_stage=foreign_sub_stage)


def test_progress_status_is_checked(tenant):
    with refused_by("project_sub_stage_progress_status_valid"):
        ProjectSubStageProgressFactory(organization=tenant, status="done")


def test_progress_cannot_complete_before_it_started(tenant):
    started = timezone.now()

    with refused_by("project_sub_stage_progress_completed_after_started"):
        ProjectSubStageProgressFactory(
            organization=tenant,
            status=ProgressStatus.COMPLETED,
            started_at=started,
            completed_at=started - timedelta(minutes=1),
        )
    ProjectSubStageProgressFactory(
        organization=tenant,
        status=ProgressStatus.COMPLETED,
        started_at=started,
        completed_at=started + timedelta(hours=3),
    )
    # Skipped without ever being started: no start time to compare with.
    ProjectSubStageProgressFactory(
        organization=tenant, status=ProgressStatus.SKIPPED, completed_at=started
    )


def test_progress_completion_time_matches_the_status(tenant):
    now = timezone.now()

    with refused_by("project_sub_stage_progress_completed_has_completed_at"):
        ProjectSubStageProgressFactory(organization=tenant, status=ProgressStatus.COMPLETED)
    with refused_by("project_sub_stage_progress_completed_at_only_when_done"):
        ProjectSubStageProgressFactory(
            organization=tenant, status=ProgressStatus.IN_PROGRESS, started_at=now, completed_at=now
        )


def test_blocked_progress_needs_a_reason(tenant):
    with refused_by("project_sub_stage_progress_blocked_has_reason"):
        ProjectSubStageProgressFactory(organization=tenant, status=ProgressStatus.BLOCKED)
    ProjectSubStageProgressFactory(
        organization=tenant, status=ProgressStatus.BLOCKED, blocked_reason="Waiting for steel"
    )
