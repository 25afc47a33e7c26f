"""What approvals can be about: the subject types the owning apps register in `ready()`, and
approvals asked for each of them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from apps.approvals.models import Approval, ApprovalEntityType
from apps.approvals.services import approval_request
from apps.approvals.subjects import SubjectType, subject_type_for, subject_type_register
from apps.documents.models import AccessLevel, Document
from apps.projects.models import Project, ProjectSubStageProgress
from apps.users.models import Role
from tests.approvals.helpers import act, ask, by_role
from tests.documents.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("entity_type", "model"),
    [
        (ApprovalEntityType.PROJECT, Project),
        (ApprovalEntityType.SUB_STAGE_PROGRESS, ProjectSubStageProgress),
        (ApprovalEntityType.DOCUMENT, Document),
    ],
)
def test_every_kind_of_approval_subject_is_registered_by_the_app_that_owns_it(entity_type, model):
    subject_type = subject_type_for(Approval(entity_type=entity_type))
    assert subject_type is not None and subject_type.model is model


def test_an_approval_of_a_project_document_belongs_to_its_project(team, project):
    drawing = DocumentFactory(project=project, organization=project.organization)

    approval = ask(team[Role.SALES], drawing, by_role(Role.ENGINEERING), title="Drawing rev B")

    assert (approval.entity_type, approval.entity_id) == ("document", drawing.pk)
    assert approval.project == project and approval.sub_stage_progress is None


def test_an_approval_of_a_library_document_belongs_to_no_project(team, tenant):
    certificate = DocumentFactory(
        project=None, organization=tenant, title="ISO 9001", access_level=AccessLevel.ORGANIZATION
    )

    approval = ask(team[Role.SALES], certificate, by_role(Role.QA), title="Renewed certificate")

    assert approval.entity_type == "document" and approval.project is None


def test_approvals_are_refused_for_anything_no_app_registered(team):
    with pytest.raises(ValidationError, match="projects, sub-stages and documents only"):
        act(
            team[Role.SALES],
            approval_request,
            entity=team[Role.FINANCE],
            approval_type="other",
            title="A person",
            approvers=[by_role(Role.MANAGEMENT)],
        )


def test_one_entity_type_cannot_be_claimed_by_two_models():
    with pytest.raises(ImproperlyConfigured, match="already Project"):
        subject_type_register(
            SubjectType(
                entity_type=ApprovalEntityType.PROJECT, model=Document, project_of=lambda _: None
            )
        )
