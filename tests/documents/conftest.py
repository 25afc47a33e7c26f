"""Fixtures of the documents tests: files stored in a temporary MEDIA_ROOT, sample file contents
of every accepted kind, a project with its people, and helpers that call the services as the app
role (inside `tenant_context`), as requests do."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.core.tenancy import tenant_context
from apps.demo.sample_data.files import pdf_bytes
from apps.documents.services import document_add_version, document_upload
from apps.users.models import Role
from tests.projects.factories import ProjectFactory, ProjectSubStageProgressFactory
from tests.users.factories import UserFactory


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def pdf(text: str = "Bracket drawing, Rev A") -> bytes:
    return pdf_bytes("Bracket", [text])


def office_zip(part_prefix: str, *, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{part_prefix}document.xml", "<document/>")
        if macros:
            archive.writestr(f"{part_prefix}vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


def upload_file(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def as_user(user, service, **kwargs):
    """Call a service as the app role in the user's tenant, as a request would."""
    with tenant_context(user.organization_id, user):
        return service(user=user, **kwargs)


def upload(user, *, name="bracket.pdf", content=None, project=None, **kwargs):
    kwargs.setdefault("category", "drawing")
    kwargs.setdefault("access_level", "project" if project is not None else "organization")
    return as_user(
        user,
        document_upload,
        uploaded_file=upload_file(name, content if content is not None else pdf()),
        project=project,
        **kwargs,
    )


def add_version(user, document, *, content, name="bracket.pdf", summary="Rev B"):
    return as_user(
        user,
        document_add_version,
        document=document,
        uploaded_file=upload_file(name, content),
        change_summary=summary,
    )


@pytest.fixture
def people(tenant):
    """One user per part they can play on a project, all in `tenant`."""
    make = lambda key, role: UserFactory(  # noqa: E731
        organization=tenant, role=role, email=f"{key}@docs.example.com", name=key.title()
    )
    return {
        "assignee": make("assignee", Role.SALES),
        "creator": make("creator", Role.SALES),
        "sub_stage": make("worker", Role.PRODUCTION),
        "outsider": make("outsider", Role.ENGINEERING),
        "named": make("named", Role.QA),
        "management": make("manager", Role.MANAGEMENT),
        "admin": make("boss", Role.ADMIN),
        "auditor": make("auditor", Role.AUDITOR),
    }


@pytest.fixture
def project(tenant, people):
    project = ProjectFactory(
        organization=tenant, assigned_to=people["assignee"], created_by=people["creator"]
    )
    ProjectSubStageProgressFactory(project=project, assigned_to=people["sub_stage"])
    return project
