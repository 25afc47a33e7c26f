"""A small factory team and a project for the approvals tests."""

from __future__ import annotations

import pytest

from apps.core.tenancy import tenant_context
from apps.projects.models import ProgressStatus, ProjectSubStageProgress
from apps.projects.services import project_create
from apps.projects.services.sub_stages import sub_stage_complete, sub_stage_skip, sub_stage_start
from apps.users.models import Role
from apps.workflow.models import WorkflowSubStage
from apps.workflow.services import workflow_install_standard
from tests.approvals.helpers import act
from tests.organizations.factories import CustomerFactory
from tests.projects.factories import ProjectFactory
from tests.users.factories import UserFactory

TEAM_ROLES = (
    Role.SALES,
    Role.ENGINEERING,
    Role.QA,
    Role.MANAGEMENT,
    Role.ADMIN,
    Role.AUDITOR,
    Role.FINANCE,
)


@pytest.fixture
def team(tenant):
    """One user per role; the engineer's direct manager is a chief engineer (also engineering),
    whose manager is the plant manager (management)."""
    people = {
        role: UserFactory(organization=tenant, role=role, email=f"{role}@team.example")
        for role in TEAM_ROLES
    }
    plant_manager = people[Role.MANAGEMENT]
    chief = UserFactory(
        organization=tenant,
        role=Role.ENGINEERING,
        email="chief.engineer@team.example",
        name="Chief Engineer",
        direct_manager=plant_manager,
    )
    people["chief"] = chief
    engineer = people[Role.ENGINEERING]
    engineer.direct_manager = chief
    engineer.save(update_fields=["direct_manager"])
    people["engineer2"] = UserFactory(
        organization=tenant, role=Role.ENGINEERING, email="engineer2@team.example"
    )
    return people


@pytest.fixture
def project(tenant):
    return ProjectFactory(organization=tenant, title="Brake caliper fixture")


@pytest.fixture
def signoff_roles():
    """The roles the technical sign-off asks, in order (a test module may override this)."""
    return [Role.ENGINEERING, Role.MANAGEMENT]


@pytest.fixture
def signoff(team, tenant, signoff_roles):
    """A project whose technical sign-off needs `signoff_roles` (by default engineering, then
    management: a 2-step chain), and is now waiting for that approval."""
    workflow_install_standard(organization_id=tenant.pk)
    WorkflowSubStage.objects.filter(organization=tenant, slug="tech_signoff").update(
        approval_roles=signoff_roles
    )
    sales, engineer, manager = team[Role.SALES], team[Role.ENGINEERING], team[Role.MANAGEMENT]
    customer = CustomerFactory(owner_organization=tenant)
    with tenant_context(tenant, sales):
        project = project_create(user=sales, title="Jig", customer_organization=customer)

    def finish(user, slug):
        progress = ProjectSubStageProgress.objects.get(project=project, sub_stage__slug=slug)
        if progress.status == ProgressStatus.PENDING:
            act(user, sub_stage_start, progress_id=progress.pk)
        act(user, sub_stage_complete, progress_id=progress.pk)
        return progress

    for user, slug in [(sales, "log_inquiry"), (sales, "collect_documents"),
                       (manager, "assign_owner"), (engineer, "feasibility"),
                       (engineer, "material_review")]:  # fmt: skip
        finish(user, slug)
    quality = ProjectSubStageProgress.objects.get(
        project=project, sub_stage__slug="quality_requirements"
    )
    act(team[Role.QA], sub_stage_skip, progress_id=quality.pk)
    return finish(engineer, "tech_signoff")
