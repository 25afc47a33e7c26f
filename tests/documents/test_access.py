"""Who may open a document, by access level: the access function (one query, 404 for another
tenant, 403 with a reason inside the tenant) and the lists agree, because both use one SQL rule."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.core.tenancy import tenant_context
from apps.documents.selectors import document_get_for_user, document_list, project_documents
from tests.documents.factories import DocumentFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

EVERYONE = (
    "assignee",
    "creator",
    "sub_stage",
    "outsider",
    "named",
    "management",
    "admin",
    "auditor",
)
ON_PROJECT = {"assignee", "creator", "sub_stage", "management", "admin"}
NAMED = {"named", "admin"}
# Who may open a document of each level; the uploader (`creator` below) always may.
ALLOWED = {
    "organization": set(EVERYONE),
    "customer": set(EVERYONE),
    "project": ON_PROJECT,
    "restricted": NAMED | {"creator"},
}


def document_of(level, project, people):
    return DocumentFactory(
        project=project,
        organization=project.organization,
        access_level=level,
        uploaded_by=people["creator"],
        restricted_user_ids=[people["named"].pk] if level == "restricted" else [],
    )


def opens(user, document) -> bool:
    with tenant_context(user.organization_id, user):
        try:
            document_get_for_user(user, document.pk)
        except PermissionDenied:
            return False
        return True


def listed(user, document) -> bool:
    with tenant_context(user.organization_id, user):
        in_list = document_list(user).filter(pk=document.pk).exists()
        in_section = document in project_documents(user, document.project)[0]
    assert in_list == in_section
    return in_list


@pytest.mark.parametrize("level", list(ALLOWED))
@pytest.mark.parametrize("who", EVERYONE)
def test_each_access_level_allows_exactly_its_people(project, people, level, who):
    document = document_of(level, project, people)

    expected = who in ALLOWED[level]
    assert opens(people[who], document) is expected
    assert listed(people[who], document) is expected


def test_the_uploader_may_always_open_their_document(project, people):
    document = document_of("project", project, people)
    document.uploaded_by = people["outsider"]
    document.save()

    assert opens(people["outsider"], document)


def test_a_sub_stage_of_another_project_does_not_make_someone_a_member(project, people, tenant):
    other = ProjectFactory(organization=tenant)
    document = document_of("project", other, people)

    assert not opens(people["sub_stage"], document)


def test_the_refusal_says_why_without_the_title(project, people):
    restricted = document_of("restricted", project, people)
    on_project = document_of("project", project, people)

    with tenant_context(project.organization_id), pytest.raises(PermissionDenied) as caught:
        document_get_for_user(people["outsider"], restricted.pk)
    assert "named people only" in str(caught.value)
    assert restricted.title not in str(caught.value)
    with tenant_context(project.organization_id), pytest.raises(PermissionDenied) as caught:
        document_get_for_user(people["outsider"], on_project.pk)
    assert "people on its project" in str(caught.value)


def test_another_tenants_document_is_not_found(people, other_tenant):
    foreign = DocumentFactory(organization=other_tenant, access_level="organization")
    admin = people["admin"]

    with tenant_context(admin.organization_id, admin), pytest.raises(Http404):
        document_get_for_user(admin, foreign.pk)
    with tenant_context(admin.organization_id, admin):
        assert not document_list(admin).filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("pk", [uuid.uuid4(), "not-a-uuid", None])
def test_unknown_or_malformed_ids_are_not_found(people, pk):
    admin = people["admin"]

    with tenant_context(admin.organization_id, admin), pytest.raises(Http404):
        document_get_for_user(admin, pk)


def test_deleted_documents_are_not_found_and_not_listed(project, people):
    document = document_of("organization", project, people)
    document.is_deleted, document.deleted_at = True, document.created_at
    document.save()
    admin = people["admin"]

    with tenant_context(admin.organization_id, admin), pytest.raises(Http404):
        document_get_for_user(admin, document.pk)
    assert not listed(admin, document)
