"""Customers and contacts (CRUD, soft delete), approvals, documents, notifications and users over
the API, each through its app's services."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from apps.approvals.models import ApprovalStatus
from apps.demo.sample_data.files import pdf_bytes
from apps.documents.models import DocumentAccessLog
from apps.users.models import Role
from tests.api.conftest import bearer, issue_token
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auth(world):
    return bearer(issue_token(world.admin, "write"))


def send(client, method, url, auth, body=None):
    return client.generic(
        method, url, data=json.dumps(body or {}), content_type="application/json", **auth
    )


def test_customers_are_created_edited_and_soft_deleted(client, world, auth):
    created = send(client, "POST", "/api/v1/customers/", auth, {"name": "Honda Vietnam"})
    url = f"/api/v1/customers/{created.json()['id']}"

    edited = send(client, "PATCH", url, auth, {"industry": "Automotive"})
    duplicate = send(client, "POST", "/api/v1/customers/", auth, {"name": "Honda Vietnam"})
    deleted = send(client, "DELETE", url, auth)
    listed = client.get("/api/v1/customers/", **auth).json()["results"]

    assert created.status_code == 201
    assert edited.json()["industry"] == "Automotive"
    assert duplicate.status_code == 422 and "name" in duplicate.json()["errors"]
    assert deleted.status_code == 200 and deleted.json()["is_active"] is False
    assert created.json()["id"] not in [row["id"] for row in listed]
    assert client.get(url, **auth).json()["is_active"] is False


def test_contacts_are_created_edited_and_soft_deleted(client, world, auth):
    base = f"/api/v1/customers/{world.customer.pk}/contacts"

    created = send(client, "POST", base, auth, {"contact_name": "Le Van C", "email": "c@x.example"})
    url = f"{base}/{created.json()['id']}"
    bad_email = send(client, "PATCH", url, auth, {"email": "not-an-email"})
    deleted = send(client, "DELETE", url, auth)

    assert created.status_code == 201 and created.json()["customer_id"] == str(world.customer.pk)
    assert bad_email.status_code == 422 and "email" in bad_email.json()["errors"]
    assert deleted.json()["is_active"] is False


def test_a_contact_through_another_customer_is_404(client, world, auth):
    other = send(client, "POST", "/api/v1/customers/", auth, {"name": "Mazda"}).json()

    response = client.get(f"/api/v1/customers/{other['id']}/contacts/{world.contact.pk}", **auth)

    assert response.status_code == 404


def test_notifications_are_listed_and_marked_read(client, world, auth):
    listed = client.get("/api/v1/notifications/", {"unread": "true"}, **auth).json()["results"]
    read = send(client, "POST", f"/api/v1/notifications/{world.notification.pk}/read", auth)

    assert str(world.notification.pk) in [row["id"] for row in listed]
    assert read.status_code == 200 and read.json()["is_read"] is True


def test_a_document_is_downloaded_with_an_access_log_entry(client, world, auth):
    detail = client.get(f"/api/v1/documents/{world.document.pk}", **auth).json()
    download = client.get(f"/api/v1/documents/{world.document.pk}/download", **auth)

    assert detail["versions"][0]["version_number"] == 1
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert DocumentAccessLog.objects.filter(document=world.document, action="download").exists()


def test_a_new_version_passes_the_same_content_checks(client, world, auth):
    url = f"/api/v1/documents/{world.document.pk}/versions"
    new = SimpleUploadedFile("v2.pdf", pdf_bytes("Caliper", ["rev B"]), "application/pdf")
    fake = SimpleUploadedFile("v3.pdf", b"MZ not really a pdf", "application/pdf")

    added = client.post(url, {"change_summary": "Rev B", "file": new}, **auth)
    refused = client.post(url, {"change_summary": "Rev C", "file": fake}, **auth)

    assert added.status_code == 201 and added.json()["current_version_number"] == 2
    assert refused.status_code == 422 and "file" in refused.json()["errors"]


def test_approvals_mine_then_delegate_and_reject(client, world, auth):
    engineer = UserFactory(organization=world.tenant, role=Role.ENGINEERING)
    mine = client.get("/api/v1/approvals/", **bearer(issue_token(engineer, "read"))).json()
    url = f"/api/v1/approvals/{world.approval.pk}"

    delegated = send(
        client,
        "POST",
        f"{url}/delegate",
        auth,
        {
            "delegate_id": str(engineer.pk),
            "until": (timezone.now() + datetime.timedelta(days=2)).isoformat(),
        },
    )
    rejected = send(client, "POST", f"{url}/reject", auth, {"reason": "Tolerance too tight"})

    assert str(world.approval.pk) in [row["id"] for row in mine["results"]]
    assert delegated.status_code == 200, delegated.json()
    assert delegated.json()["delegated_to_id"] == str(engineer.pk)
    assert rejected.status_code == 200, rejected.json()
    assert rejected.json()["status"] == ApprovalStatus.REJECTED


def test_users_of_the_tenant_are_readable(client, world, other_world, auth):
    rows = client.get("/api/v1/users/", **auth).json()["results"]

    emails = {row["email"] for row in rows}
    assert world.admin.email in emails and other_world.admin.email not in emails
