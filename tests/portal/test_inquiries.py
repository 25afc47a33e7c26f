"""New inquiries from the portal: the portal writes the inquiry, a task makes the project."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.tenancy import tenant_context
from apps.documents.models import AccessLevel, Document
from apps.notifications.models import Notification
from apps.portal.inquiries import portal_inquiry_make_project, portal_inquiry_submit
from apps.portal.models import PortalInquiry
from apps.projects.models import IntakeSource, Project
from apps.users.models import Role
from apps.workflow.services import workflow_install_standard
from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory
from tests.portal.factories import portal_account
from tests.users.factories import UserFactory
from tests.workers import eventually

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _pdf(name="rear-subframe.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def test_an_inquiry_with_a_file_becomes_a_portal_project_of_the_contact(
    client, tenant, account, sales_user
):
    workflow_install_standard(organization_id=tenant.pk)
    client.force_login(account)
    response = client.post(
        reverse("portal:inquiry"),
        {"title": "Rear subframe fixture", "description": "Two sets", "files": [_pdf()]},
    )
    assert response.status_code == 302
    inquiry = PortalInquiry.objects.get()
    assert inquiry.project_id is None and len(inquiry.files) == 1

    with tenant_context(tenant, account):
        portal_inquiry_make_project(inquiry_id=inquiry.pk)
        portal_inquiry_make_project(inquiry_id=inquiry.pk)  # idempotent

    project = Project.objects.get()
    assert project.intake_source == IntakeSource.PORTAL
    assert project.customer_organization_id == account.customer_organization_id
    assert project.point_of_contact_id == account.contact_id
    assert project.created_by_id == account.pk
    document = Document.objects.get(project=project)
    assert document.access_level == AccessLevel.CUSTOMER
    assert document.versions.get().file.read() == PDF
    assert Notification.objects.filter(user=sales_user).exists()

    page = client.get(reverse("portal:projects"))
    assert project.project_id.encode() in page.content


@pytest.mark.parametrize(
    "data",
    [
        {"title": ""},
        {"title": "x" * 300},
        {"title": "Fixture", "requested_delivery_date": "31/02/2027"},
    ],
)
def test_a_bad_inquiry_is_refused_with_a_422_and_writes_nothing(client, account, data):
    client.force_login(account)
    response = client.post(reverse("portal:inquiry"), data)
    assert response.status_code == 422
    assert not PortalInquiry.objects.exists()


def test_a_file_that_is_not_what_it_claims_is_refused(client, account):
    client.force_login(account)
    fake = SimpleUploadedFile(
        "drawing.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(reverse("portal:inquiry"), {"title": "Fixture", "files": [fake]})
    assert response.status_code == 422
    assert not PortalInquiry.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_project_and_tells_sales(celery_worker, tenant):
    workflow_install_standard(organization_id=tenant.pk)
    seller = UserFactory(organization=tenant, role=Role.SALES)
    customer = CustomerFactory(owner_organization=tenant)
    account = portal_account(ContactFactory(owner_organization=tenant, organization=customer))
    with tenant_context(tenant, account, customer=customer):
        portal_inquiry_submit(user=account, title="Bracket jig", files=[_pdf()])

    made = Project.objects.filter(intake_source=IntakeSource.PORTAL, customer_organization=customer)
    eventually(made.exists, "the inquiry becomes a project")
    eventually(Notification.objects.filter(user=seller).exists, "sales hear of it")
    assert Document.objects.filter(project=made.get(), access_level=AccessLevel.CUSTOMER).exists()
