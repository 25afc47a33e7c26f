"""A task queued by a request (not by beat) runs in a real worker: cancelling a project tells its
owner with a high-priority notification, whose e-mail task is queued after the commit and
delivered once by the worker."""

import pytest
from django.urls import reverse

from apps.core.tenancy import tenant_context
from apps.notifications.models import Notification
from apps.projects.services import project_create
from apps.users.models import Role
from apps.workflow.services import workflow_install_standard
from tests.organizations.factories import CustomerFactory
from tests.users.factories import UserFactory
from tests.workers import eventually, sent_mail

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_email_queued_by_a_request_is_delivered_once_by_the_worker(
    client, tenant, celery_worker, mail_dir
):
    workflow_install_standard(organization_id=tenant.pk)
    owner = UserFactory(organization=tenant, role=Role.SALES, email="owner@queued.example")
    manager = UserFactory(organization=tenant, role=Role.MANAGEMENT, email="boss@queued.example")
    with tenant_context(tenant, owner):
        project = project_create(
            user=owner,
            title="Brake caliper fixture",
            customer_organization=CustomerFactory(owner_organization=tenant),
            assigned_to=owner,
        )
    client.force_login(manager)

    response = client.post(
        reverse("projects:cancel", kwargs={"pk": project.pk}), {"reason": "Customer withdrew"}
    )

    assert response.status_code == 302
    notice = Notification.objects.get(user=owner, priority="high", title__contains="cancelled")
    eventually(
        lambda: Notification.objects.filter(pk=notice.pk, emailed_at__isnull=False).exists(),
        "the worker e-mailed the notification",
    )
    (mail,) = sent_mail(mail_dir)
    assert "To: owner@queued.example" in mail and "was cancelled" in mail
