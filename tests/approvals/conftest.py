"""A small factory team and a project for the approvals tests."""

from __future__ import annotations

import pytest

from apps.users.models import Role
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
