"""Tenant admins configure the workflow in the Django admin: always in their own tenant, with
tenant-scoped rules reported as form errors."""

import pytest
from django.db import connection

from apps.activity.models import ActivityLog
from apps.core.admin import INLINE_MAX_ROWS
from apps.core.tenancy import tenant_context
from apps.projects.services import project_create
from apps.workflow.models import (
    WorkflowDefinitionStage,
    WorkflowDefinitionSubStage,
    WorkflowStage,
    WorkflowSubStage,
)
from apps.workflow.services import workflow_install_standard
from tests.organizations.factories import CustomerFactory
from tests.workflow.factories import WorkflowDefinitionFactory, WorkflowStageFactory

pytestmark = pytest.mark.django_db

STAGE_ADD_URL = "/admin/workflow/workflowstage/add/"


def management_form(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def stage_form(slug: str, **extra) -> dict:
    return {
        "name": "Technical Review",
        "slug": slug,
        "stage_order": "2",
        "color": "#2563EB",
        "responsible_roles": ["engineering", "qa"],
        "estimated_duration_days": "3",
        "project_status": "reviewing",
        "is_active": "on",
        **management_form("sub_stages", 0),
        **extra,
    }


def test_new_stage_and_sub_stages_belong_to_the_admins_tenant(
    client, admin_user, tenant, other_tenant
):
    client.force_login(admin_user)
    data = stage_form(
        "technical_review",
        organization=str(other_tenant.pk),  # a tampered field is ignored: it is not in the form
        **management_form("sub_stages", 1),
        **{
            "sub_stages-0-sub_stage_order": "1",
            "sub_stages-0-name": "Drawing review",
            "sub_stages-0-slug": "drawing_review",
            "sub_stages-0-responsible_roles": ["engineering"],
            "sub_stages-0-is_required": "on",
            "sub_stages-0-approval_roles": [],
        },
    )

    response = client.post(STAGE_ADD_URL, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    stage = WorkflowStage.objects.get(slug="technical_review")
    assert stage.organization == tenant
    assert stage.responsible_roles == ["engineering", "qa"]
    sub_stage = WorkflowSubStage.objects.get(workflow_stage=stage)
    assert (sub_stage.organization, sub_stage.slug) == (tenant, "drawing_review")


def test_a_slug_taken_in_the_tenant_is_a_form_error(client, admin_user, tenant):
    WorkflowStageFactory(organization=tenant, slug="technical_review")
    client.force_login(admin_user)

    response = client.post(STAGE_ADD_URL, stage_form("technical_review"))

    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert WorkflowStage.objects.filter(slug="technical_review").count() == 1


def test_a_slug_of_another_tenant_is_free(client, admin_user, tenant, other_tenant):
    WorkflowStageFactory(organization=other_tenant, slug="technical_review")
    client.force_login(admin_user)

    response = client.post(STAGE_ADD_URL, stage_form("technical_review"))

    assert response.status_code == 302
    assert WorkflowStage.objects.filter(slug="technical_review", organization=tenant).exists()


def test_the_stage_list_shows_only_the_admins_tenant(client, admin_user, tenant, other_tenant):
    WorkflowStageFactory(organization=tenant, name="Our Stage")
    WorkflowStageFactory(organization=other_tenant, name="Their Stage")
    client.force_login(admin_user)

    page = client.get("/admin/workflow/workflowstage/").content.decode()

    assert "Our Stage" in page
    assert "Their Stage" not in page


def test_a_definition_can_only_include_the_tenants_stages(client, admin_user, tenant, other_tenant):
    ours = WorkflowStageFactory(organization=tenant)
    theirs = WorkflowStageFactory(organization=other_tenant)
    definition = WorkflowDefinitionFactory(organization=tenant, name="Standard")
    client.force_login(admin_user)
    url = f"/admin/workflow/workflowdefinition/{definition.pk}/change/"

    def post_with_stage(stage):
        return client.post(
            url,
            {
                "name": "Standard",
                "version": "1",
                "is_active": "on",
                **management_form("definition_stages", 1),
                "definition_stages-0-workflow_stage": str(stage.pk),
                "definition_stages-0-stage_order": "1",
                **management_form("definition_sub_stages", 0),
            },
        )

    refused = post_with_stage(theirs)
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()

    assert post_with_stage(ours).status_code == 302
    included = WorkflowDefinitionStage.objects.get(workflow_definition=definition)
    assert (included.workflow_stage, included.organization) == (ours, tenant)
    assert included.responsible_roles is None  # nothing ticked: as in the catalog
    # The stage rows went through the draft's service, which records what changed.
    recorded = ActivityLog.objects.get(
        entity_id=definition.pk, description__endswith="details or stages changed"
    )
    assert recorded.new_values["stages_saved"] == [str(ours.pk)]


def definition_change_url(definition) -> str:
    return f"/admin/workflow/workflowdefinition/{definition.pk}/change/"


def stage_change_url(stage) -> str:
    return f"/admin/workflow/workflowstage/{stage.pk}/change/"


@pytest.fixture
def running_project(admin_user):
    """The standard workflow with a project running on it."""
    definition = workflow_install_standard(organization_id=admin_user.organization_id)
    customer = CustomerFactory(owner_organization=admin_user.organization)
    with tenant_context(admin_user.organization, admin_user):
        project_create(user=admin_user, title="Frame", customer_organization=customer)
    return definition


def test_a_definitions_stage_rows_offer_only_the_overrides_the_engine_reads(
    client, admin_user, tenant
):
    definition = WorkflowDefinitionFactory(organization=tenant, name="Unused")
    client.force_login(admin_user)

    page = client.get(definition_change_url(definition))

    [stage_rows] = [
        formset
        for formset in page.context["inline_admin_formsets"]
        if formset.formset.prefix == "definition_stages"
    ]
    assert set(stage_rows.formset.form.base_fields) == {
        "workflow_stage",
        "stage_order",
        "responsible_roles",
    }


def test_a_catalog_stage_that_running_projects_use_is_read_only(
    client, admin_user, running_project
):
    stage = WorkflowStage.objects.get(organization=admin_user.organization, slug="inquiry_received")
    client.force_login(admin_user)

    page = client.get(stage_change_url(stage))
    client.post(
        stage_change_url(stage),
        stage_form(stage.slug, name="Hacked", **management_form("sub_stages", 0)),
    )

    assert "Create a new version" in page.content.decode()
    assert not page.context["has_change_permission"]
    assert all(
        not formset.has_change_permission for formset in page.context["inline_admin_formsets"]
    )
    stage.refresh_from_db()
    assert stage.name != "Hacked"


def test_a_catalog_stage_only_a_used_definitions_sub_stage_refers_to_is_read_only(
    client, admin_user, running_project, tenant
):
    other = WorkflowStageFactory(organization=tenant, slug="side_stage")
    sub_stage = WorkflowSubStage.objects.create(
        organization=tenant, workflow_stage=other, name="Side", slug="side", sub_stage_order=1
    )
    # The used definition is published, hence frozen; such a row arrives only as a bulk load
    # (a tenant archive brought in), which the freeze trigger lets through.
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('app.audit_source', 'bulk_load', true)")
    WorkflowDefinitionSubStage.objects.create(
        organization=tenant, workflow_definition=running_project, sub_stage=sub_stage
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('app.audit_source', '', true)")
    client.force_login(admin_user)

    page = client.get(stage_change_url(other))

    assert not page.context["has_change_permission"]


def test_a_catalog_stage_of_unused_definitions_stays_editable(client, admin_user, tenant):
    stage = WorkflowStageFactory(organization=tenant, slug="technical_review")
    WorkflowDefinitionStage.objects.create(
        organization=tenant,
        workflow_definition=WorkflowDefinitionFactory(organization=tenant),
        workflow_stage=stage,
    )
    client.force_login(admin_user)

    response = client.post(stage_change_url(stage), stage_form(stage.slug, name="Renamed"))

    assert response.status_code == 302, response.content.decode()[:2000]
    stage.refresh_from_db()
    assert stage.name == "Renamed"


@pytest.mark.parametrize("total", ["99999999999999999999999999999", "101", "2000"])
def test_a_posted_form_count_above_the_inline_limit_is_refused_without_building_the_forms(
    client, admin_user, total
):
    """Before, the admin built and rendered 2,000 rows per inline for any huge TOTAL_FORMS: one
    worker busy for half a minute."""
    client.force_login(admin_user)

    response = client.post(
        STAGE_ADD_URL, stage_form("flooded", **{"sub_stages-TOTAL_FORMS": total})
    )

    assert response.status_code == 200
    assert f"Please submit at most {INLINE_MAX_ROWS} forms." in response.content.decode()
    (inline,) = response.context["inline_admin_formsets"]
    assert len(inline.formset.forms) <= INLINE_MAX_ROWS
    assert not WorkflowStage.objects.filter(slug="flooded").exists()
