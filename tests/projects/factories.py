import factory

from apps.projects.models import (
    ProgressStatus,
    Project,
    ProjectStatus,
    ProjectSubStageProgress,
    ProjectType,
)
from tests.organizations.factories import CustomerFactory
from tests.workflow.factories import (
    TENANT,
    TenantOwnedFactory,
    WorkflowDefinitionFactory,
    WorkflowSubStageFactory,
    in_tenant,
)


class ProjectFactory(TenantOwnedFactory):
    """A project of a customer of the same tenant, on a definition of that tenant, not yet in a
    stage (a current stage must be one of the definition's stages)."""

    class Meta:
        model = Project

    organization = TENANT
    project_id = factory.Sequence(lambda n: f"P-{25010001 + n}")
    title = factory.Sequence(lambda n: f"Bracket assembly {n}")
    description = "Laser-cut and welded steel brackets, powder coated."
    customer_organization = factory.SubFactory(
        CustomerFactory, owner_organization=factory.SelfAttribute("..organization")
    )
    workflow_definition = in_tenant(WorkflowDefinitionFactory)
    status = ProjectStatus.INQUIRY
    project_type = ProjectType.FABRICATION


class ProjectSubStageProgressFactory(TenantOwnedFactory):
    class Meta:
        model = ProjectSubStageProgress

    project = factory.SubFactory(ProjectFactory, tenant=factory.SelfAttribute("..tenant"))
    organization = factory.SelfAttribute("project.organization")
    sub_stage = in_tenant(WorkflowSubStageFactory)
    workflow_stage = factory.SelfAttribute("sub_stage.workflow_stage")
    status = ProgressStatus.PENDING
