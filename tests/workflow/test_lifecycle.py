"""A definition's lifecycle: drafts are checked when published, published versions are frozen (by
the services and the database), exactly one default per tenant, which new projects follow."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.activity.models import ActivityLog
from apps.core.tenancy import tenant_context
from apps.projects.services import project_create
from apps.workflow.models import (
    DefinitionStatus,
    WorkflowDefinition,
    WorkflowDefinitionStage,
    WorkflowDefinitionSubStage,
)
from apps.workflow.rules import DEFINITION_TRANSITIONS, EDIT, MAKE_DEFAULT, PUBLISH
from apps.workflow.selectors import definition_plan, workflow_definition_default
from apps.workflow.services import (
    workflow_definition_new_version,
    workflow_definition_publish,
    workflow_definition_set_default,
    workflow_draft_sub_stage_update,
    workflow_install_standard,
    workflow_stage_in_use,
)
from tests.organizations.factories import CustomerFactory
from tests.workflow.factories import (
    WorkflowDefinitionFactory,
    WorkflowDefinitionStageFactory,
    WorkflowDefinitionSubStageFactory,
    WorkflowStageFactory,
    WorkflowSubStageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def standard(admin_user):
    with tenant_context(admin_user.organization, admin_user):
        return workflow_install_standard(organization_id=admin_user.organization_id)


@pytest.fixture
def draft(standard, admin_user):
    with tenant_context(admin_user.organization, admin_user):
        return workflow_definition_new_version(definition=standard, user=admin_user)


def one_stage_draft(tenant, **sub_stage):
    """A draft with one stage and one sub-stage whose rules are `sub_stage`."""
    definition = WorkflowDefinitionFactory(organization=tenant)
    stage = WorkflowStageFactory(organization=tenant, name="Technical Review")
    WorkflowDefinitionStageFactory(workflow_definition=definition, workflow_stage=stage)
    catalog = WorkflowSubStageFactory(
        workflow_stage=stage, name="Drawing review", sub_stage_order=1
    )
    WorkflowDefinitionSubStageFactory(
        workflow_definition=definition, sub_stage=catalog, **sub_stage
    )
    return definition


def publish(definition, user, **kwargs):
    with tenant_context(user.organization, user):
        return workflow_definition_publish(definition=definition, user=user, **kwargs)


def test_the_transition_table_allows_editing_drafts_only_and_defaults_published_ones():
    assert DEFINITION_TRANSITIONS == {
        (DefinitionStatus.DRAFT, EDIT): DefinitionStatus.DRAFT,
        (DefinitionStatus.DRAFT, PUBLISH): DefinitionStatus.PUBLISHED,
        (DefinitionStatus.PUBLISHED, MAKE_DEFAULT): DefinitionStatus.PUBLISHED,
    }


def test_the_standard_workflow_is_installed_published_and_default(standard):
    assert standard.status == DefinitionStatus.PUBLISHED
    assert standard.is_default
    assert workflow_definition_default(standard.organization_id) == standard


def test_publishing_refuses_a_workflow_without_stages(admin_user, tenant):
    definition = WorkflowDefinitionFactory(organization=tenant)
    with pytest.raises(ValidationError, match="no stages"):
        publish(definition, admin_user)
    definition.refresh_from_db()
    assert definition.status == DefinitionStatus.DRAFT


def test_publishing_refuses_two_stages_at_one_position(admin_user, tenant):
    definition = one_stage_draft(tenant)
    second = WorkflowStageFactory(organization=tenant)
    WorkflowDefinitionStageFactory(
        workflow_definition=definition, workflow_stage=second, stage_order=1
    )
    WorkflowDefinitionSubStageFactory(
        workflow_definition=definition, sub_stage=WorkflowSubStageFactory(workflow_stage=second)
    )
    WorkflowDefinitionStage.objects.filter(workflow_definition=definition).update(stage_order=1)
    with pytest.raises(ValidationError, match="2 stages share the position 1"):
        publish(definition, admin_user)


def test_publishing_refuses_two_sub_stages_at_one_position(admin_user, tenant):
    definition = one_stage_draft(tenant, sub_stage_order=1)
    stage = definition.definition_stages.get().workflow_stage
    WorkflowDefinitionSubStageFactory(
        workflow_definition=definition,
        sub_stage=WorkflowSubStageFactory(workflow_stage=stage),
        sub_stage_order=1,
    )
    with pytest.raises(ValidationError, match="2 sub-stages share the position 1"):
        publish(definition, admin_user)


def test_publishing_refuses_a_sub_stage_nobody_is_responsible_for(admin_user, tenant):
    definition = one_stage_draft(tenant, responsible_roles=[])
    with pytest.raises(ValidationError, match="Drawing review” has no responsible role"):
        publish(definition, admin_user)


def test_publishing_refuses_an_approval_nobody_decides(admin_user, tenant):
    definition = one_stage_draft(tenant, requires_approval=True, approval_roles=[])
    with pytest.raises(ValidationError, match="requires an approval but names no approver"):
        publish(definition, admin_user)


def test_publishing_refuses_a_duration_under_one_hour(admin_user, tenant):
    definition = one_stage_draft(tenant, estimated_duration_hours=0)
    with pytest.raises(ValidationError, match="needs a duration of at least one hour"):
        publish(definition, admin_user)


def test_publishing_refuses_a_stage_without_sub_stages(admin_user, tenant):
    definition = one_stage_draft(tenant)
    WorkflowDefinitionStageFactory(workflow_definition=definition, stage_order=2)
    with pytest.raises(ValidationError, match="has no sub-stages"):
        publish(definition, admin_user)


def test_a_valid_draft_is_published_frozen_and_audited(admin_user, tenant):
    definition = one_stage_draft(tenant)

    published = publish(definition, admin_user, make_default=True)

    assert (published.status, published.is_default) == (DefinitionStatus.PUBLISHED, True)
    assert published.published_at is not None
    # The catalog rows it falls back to are read-only from now on.
    assert workflow_stage_in_use(definition.definition_stages.get().workflow_stage)
    assert ActivityLog.objects.filter(
        entity_id=definition.pk, action="status_changed", description__contains="published"
    ).exists()
    assert ActivityLog.objects.filter(
        entity_id=definition.pk, description__contains="New projects now follow"
    ).exists()


def test_a_published_version_refuses_edits_in_the_service(standard, admin_user):
    sub_stage_id = definition_plan(standard)[0].sub_stages[0].sub_stage_id
    with (
        tenant_context(admin_user.organization, admin_user),
        pytest.raises(ValidationError, match="is published and cannot change"),
    ):
        workflow_draft_sub_stage_update(
            definition=standard,
            sub_stage_id=sub_stage_id,
            user=admin_user,
            estimated_duration_hours=99,
        )


def test_a_published_version_refuses_edits_in_the_database(standard):
    row = WorkflowDefinitionSubStage.objects.filter(workflow_definition=standard).first()
    with pytest.raises(IntegrityError, match="published"), transaction.atomic():
        WorkflowDefinitionSubStage.objects.filter(pk=row.pk).update(estimated_duration_hours=99)
    with pytest.raises(IntegrityError, match="published"), transaction.atomic():
        WorkflowDefinition.objects.filter(pk=standard.pk).update(name="Renamed")
    with pytest.raises(IntegrityError, match="published"), transaction.atomic():
        row.delete()


def test_two_defaults_cannot_coexist_the_database_refuses(standard, draft, admin_user):
    publish(draft, admin_user)
    with (
        pytest.raises(IntegrityError, match="workflow_definitions_one_default_per_org"),
        transaction.atomic(),
    ):
        WorkflowDefinition.objects.filter(pk=draft.pk).update(is_default=True)


def test_a_draft_cannot_be_the_default(draft, admin_user):
    with (
        tenant_context(admin_user.organization, admin_user),
        pytest.raises(ValidationError, match="Only a published version"),
    ):
        workflow_definition_set_default(definition=draft, user=admin_user)
    with pytest.raises(IntegrityError, match="default_is_published"), transaction.atomic():
        WorkflowDefinition.objects.filter(pk=draft.pk).update(is_default=True)


def test_switching_the_default_is_one_audited_action(standard, draft, admin_user):
    publish(draft, admin_user)
    with tenant_context(admin_user.organization, admin_user):
        workflow_definition_set_default(definition=draft, user=admin_user)

    standard.refresh_from_db()
    assert not standard.is_default
    assert workflow_definition_default(admin_user.organization_id) == draft
    entry = ActivityLog.objects.get(entity_id=draft.pk, action="updated")
    assert entry.old_values == {"default": str(standard.pk)}
    assert entry.user == admin_user


def test_a_new_project_follows_the_default_and_a_running_one_keeps_its_version(
    standard, draft, admin_user
):
    customer = CustomerFactory(owner_organization=admin_user.organization)
    with tenant_context(admin_user.organization, admin_user):
        older = project_create(user=admin_user, title="Older", customer_organization=customer)
    publish(draft, admin_user, make_default=True)

    with tenant_context(admin_user.organization, admin_user):
        newer = project_create(user=admin_user, title="Newer", customer_organization=customer)

    older.refresh_from_db()
    assert older.workflow_definition == standard
    assert newer.workflow_definition == draft


def test_a_project_cannot_start_on_a_draft(draft, admin_user):
    customer = CustomerFactory(owner_organization=admin_user.organization)
    with (
        tenant_context(admin_user.organization, admin_user),
        pytest.raises(ValidationError, match="is a draft"),
    ):
        project_create(
            user=admin_user,
            title="Early",
            customer_organization=customer,
            workflow_definition=draft,
        )
