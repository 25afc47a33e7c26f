import factory

from apps.users.models import Role
from apps.workflow.models import (
    WorkflowDefinition,
    WorkflowDefinitionStage,
    WorkflowDefinitionSubStage,
    WorkflowStage,
    WorkflowSubStage,
)
from tests.organizations.factories import TenantFactory


class TenantOwnedFactory(factory.django.DjangoModelFactory):
    """Base of the factories of tenant tables: a row and all its parents live in one tenant.

    The tenant is, in this order: `organization=` or `tenant=` if given; else the tenant of any
    tenant-owned object given (`ProjectFactory(workflow_definition=d)` is in d's tenant); else a
    new one. Root factories declare `organization = TENANT`; child factories pass
    `tenant=SelfAttribute("..tenant")` to their main parent, take `organization` from it, and
    build other parents with `in_tenant(...)`.
    """

    class Meta:
        abstract = True

    class Params:
        tenant = None

    @classmethod
    def _generate(cls, strategy, params):
        if params.get("tenant") is None:
            params = {**params, "tenant": params.get("organization") or _tenant_of(params)}
        return super()._generate(strategy, params)


def _tenant_of(params):
    for value in params.values():
        tenant_field = getattr(value, "TENANT_FIELD", None)
        if tenant_field and getattr(value, f"{tenant_field}_id", None):
            return getattr(value, tenant_field)
    return None


# `organization` of a root factory: the requested tenant, or a new one.
TENANT = factory.Maybe("tenant", factory.SelfAttribute("tenant"), factory.SubFactory(TenantFactory))


def in_tenant(factory_class, **kwargs):
    """A parent built in the tenant of the row being built."""
    return factory.SubFactory(
        factory_class, tenant=factory.SelfAttribute("..organization"), **kwargs
    )


class WorkflowStageFactory(TenantOwnedFactory):
    class Meta:
        model = WorkflowStage

    organization = TENANT
    name = factory.Sequence(lambda n: f"Stage {n}")
    slug = factory.Sequence(lambda n: f"stage-{n}")
    stage_order = factory.Sequence(lambda n: n % 1000 + 1)
    responsible_roles = factory.LazyFunction(lambda: [Role.SALES, Role.MANAGEMENT])
    estimated_duration_days = 2


class WorkflowSubStageFactory(TenantOwnedFactory):
    class Meta:
        model = WorkflowSubStage

    workflow_stage = factory.SubFactory(
        WorkflowStageFactory, tenant=factory.SelfAttribute("..tenant")
    )
    organization = factory.SelfAttribute("workflow_stage.organization")
    name = factory.Sequence(lambda n: f"Sub-stage {n}")
    slug = factory.Sequence(lambda n: f"sub-stage-{n}")
    sub_stage_order = factory.Sequence(lambda n: n % 1000 + 1)
    responsible_roles = factory.LazyFunction(lambda: [Role.ENGINEERING])
    estimated_duration_hours = 8


class WorkflowDefinitionFactory(TenantOwnedFactory):
    class Meta:
        model = WorkflowDefinition

    organization = TENANT
    name = factory.Sequence(lambda n: f"Standard workflow {n}")
    version = 1


class WorkflowDefinitionStageFactory(TenantOwnedFactory):
    class Meta:
        model = WorkflowDefinitionStage

    workflow_definition = factory.SubFactory(
        WorkflowDefinitionFactory, tenant=factory.SelfAttribute("..tenant")
    )
    organization = factory.SelfAttribute("workflow_definition.organization")
    workflow_stage = in_tenant(WorkflowStageFactory)


class WorkflowDefinitionSubStageFactory(TenantOwnedFactory):
    class Meta:
        model = WorkflowDefinitionSubStage

    workflow_definition = factory.SubFactory(
        WorkflowDefinitionFactory, tenant=factory.SelfAttribute("..tenant")
    )
    organization = factory.SelfAttribute("workflow_definition.organization")
    sub_stage = in_tenant(WorkflowSubStageFactory)
