"""The documents pages work on the sample data: every sample document opens and downloads its
stored file (kept under the tenant and document, never under its human name), and every sample
project's documents section renders."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.documents.models import Document, DocumentVersion
from apps.projects.models import Project
from apps.users.models import User

pytestmark = pytest.mark.django_db(transaction=True)
MAIN = "factory-pulse-vietnam"


@pytest.fixture
def sample(db):
    call_command("seed_sample_data", stdout=io.StringIO())


def test_every_sample_document_opens_and_downloads_its_own_bytes(client, sample):
    client.force_login(User.objects.get(email="john.smith@factorypulse.com"))
    documents = Document.objects.filter(organization__slug=MAIN)
    assert documents.exists()

    for document in documents:
        detail = client.get(reverse("documents:detail", kwargs={"pk": document.pk}))
        download = client.get(reverse("documents:download", kwargs={"pk": document.pk}))
        body = b"".join(download.streaming_content)
        assert detail.status_code == 200, document.title
        assert hashlib.sha256(body).hexdigest() == document.checksum, document.title


def test_sample_files_are_stored_under_tenant_and_document(sample):
    for version in DocumentVersion.objects.select_related("document"):
        parts = version.file.name.split("/")
        assert parts[:4] == [
            "tenants",
            str(version.organization_id),
            "documents",
            str(version.document_id),
        ]
        assert version.document.file_name not in version.file.name


def test_every_sample_projects_documents_section_renders(client, sample):
    client.force_login(User.objects.get(email="john.smith@factorypulse.com"))

    for project in Project.objects.filter(organization__slug=MAIN):
        response = client.get(
            reverse("documents:project_section", kwargs={"project_pk": project.pk}),
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200, project.project_id
