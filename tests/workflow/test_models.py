"""The database itself keeps the workflow catalog and definitions consistent."""

import pytest

from apps.workflow.models import WorkflowStage
from tests.dbchecks import db_now, execute, refused_by
from tests.workflow.factories import (
    WorkflowDefinitionFactory,
    WorkflowDefinitionStageFactory,
    WorkflowDefinitionSubStageFactory,
    WorkflowStageFactory,
    WorkflowSubStageFactory,
)

pytestmark = pytest.mark.django_db


def test_stage_slug_is_unique_per_tenant_only(tenant, other_tenant):
    WorkflowStageFactory(organization=tenant, slug="technical_review")

    with refused_by("workflow_stages_org_slug_unique"):
        WorkflowStageFactory(organization=tenant, slug="technical_review")
    WorkflowStageFactory(organization=other_tenant, slug="technical_review")

    assert WorkflowStage.objects.filter(slug="technical_review").count() == 2


def test_sub_stage_slug_is_unique_per_stage_only(tenant):
    stage, other_stage = WorkflowStageFactory.create_batch(2, organization=tenant)
    WorkflowSubStageFactory(workflow_stage=stage, slug="drawing_review")

    with refused_by("workflow_sub_stages_stage_slug_unique"):
        WorkflowSubStageFactory(workflow_stage=stage, slug="drawing_review")
    WorkflowSubStageFactory(workflow_stage=other_stage, slug="drawing_review")


def test_responsible_roles_must_be_known_roles(tenant):
    with refused_by("workflow_stages_responsible_roles_valid"):
        stage = WorkflowStageFactory.build(organization=tenant, responsible_roles=["wizard"])
        WorkflowStage.objects.bulk_create([stage])
    with refused_by("workflow_sub_stages_approval_roles_valid"):
        WorkflowSubStageFactory(organization=tenant, approval_roles=["qa", "customer"])
    with refused_by("workflow_definition_sub_stages_responsible_roles_valid"):
        WorkflowDefinitionSubStageFactory(organization=tenant, responsible_roles=["boss"])

    WorkflowStageFactory(organization=tenant, responsible_roles=["sales", "management"])
    WorkflowDefinitionSubStageFactory(organization=tenant, responsible_roles=None)


def test_stage_color_and_order_are_checked(tenant):
    with refused_by("workflow_stages_color_hex"):
        WorkflowStageFactory(organization=tenant, color="red")
    with refused_by("workflow_stages_stage_order_positive"):
        WorkflowStageFactory(organization=tenant, stage_order=0)


def test_definition_name_and_version_are_unique_per_tenant(tenant, other_tenant):
    WorkflowDefinitionFactory(organization=tenant, name="Standard", version=1)

    with refused_by("workflow_definitions_org_name_version_unique"):
        WorkflowDefinitionFactory(organization=tenant, name="Standard", version=1)
    WorkflowDefinitionFactory(organization=tenant, name="Standard", version=2)
    WorkflowDefinitionFactory(organization=other_tenant, name="Standard", version=1)


def test_a_definition_includes_a_stage_or_sub_stage_once(tenant):
    included = WorkflowDefinitionStageFactory(organization=tenant)
    with refused_by("workflow_definition_stages_definition_stage_unique"):
        WorkflowDefinitionStageFactory(
            workflow_definition=included.workflow_definition,
            workflow_stage=included.workflow_stage,
        )

    included_sub = WorkflowDefinitionSubStageFactory(organization=tenant)
    with refused_by("workflow_definition_sub_stages_definition_sub_stage_unique"):
        WorkflowDefinitionSubStageFactory(
            workflow_definition=included_sub.workflow_definition,
            sub_stage=included_sub.sub_stage,
        )


def test_references_never_cross_tenants(tenant, other_tenant):
    foreign_stage = WorkflowStageFactory(organization=other_tenant)
    foreign_sub_stage = WorkflowSubStageFactory(organization=other_tenant)
    definition = WorkflowDefinitionFactory(organization=tenant)

    with refused_by("workflow_sub_stages_stage_same_tenant_fk"):
        WorkflowSubStageFactory(organization=tenant, workflow_stage=foreign_stage)
    with refused_by("workflow_definition_stages_stage_same_tenant_fk"):
        WorkflowDefinitionStageFactory(
            organization=tenant, workflow_definition=definition, workflow_stage=foreign_stage
        )
    with refused_by("workflow_definition_sub_stages_sub_stage_same_tenant_fk"):
        WorkflowDefinitionSubStageFactory(
            organization=tenant, workflow_definition=definition, sub_stage=foreign_sub_stage
        )


def test_updated_at_is_kept_by_the_database(tenant):
    stage = WorkflowStageFactory(organization=tenant)

    written_by_django = stage.updated_at

    execute("UPDATE workflow_stages SET name = 'Renamed' WHERE id = %s", [stage.pk])

    stage.refresh_from_db()
    assert stage.updated_at == db_now() != written_by_django
