"""The portal's pages as a customer's contact, and the boundary between portal and staff pages."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.activity.models import ActivityAction, ActivityLog
from apps.documents.models import AccessLevel, Document, DocumentAccessLog
from apps.portal.models import PortalMessage
from tests.documents.factories import DocumentFactory
from tests.portal.factories import PortalMessageFactory, portal_account
from tests.users.factories import UserFactory
from tests.workflow.factories import WorkflowDefinitionStageFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_my_projects_lists_only_my_companys_projects(
    client, account, project, other_project, stages, django_assert_max_num_queries
):
    client.force_login(account)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("portal:projects"))
    assert response.status_code == 200
    assert b'data-testid="portal-layout"' in response.content
    assert project.project_id.encode() in response.content
    assert other_project.project_id.encode() not in response.content
    assert response.content.count(b'data-testid="stage-bar"') == 1


def test_another_customers_project_is_a_404(client, account, other_project):
    client.force_login(account)
    assert client.get(reverse("portal:project", args=[other_project.pk])).status_code == 404
    url = reverse("portal:project-state", args=[other_project.pk])
    assert client.get(url).status_code == 404


def test_the_project_page_shows_shared_documents_only(
    client, account, project, sales_user, django_assert_max_num_queries
):
    shared = DocumentFactory(project=project, access_level=AccessLevel.CUSTOMER, title="Quote Q1")
    DocumentFactory(project=project, access_level=AccessLevel.ORGANIZATION, title="Cost sheet")
    PortalMessageFactory(project=project, author=sales_user, body="Drawings received, thanks")
    client.force_login(account)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("portal:project", args=[project.pk]))
    assert response.status_code == 200
    assert shared.title.encode() in response.content
    assert b"Cost sheet" not in response.content
    assert b"Drawings received, thanks" in response.content


def test_a_contact_cannot_reach_a_staff_page(client, account, project):
    client.force_login(account)
    assert client.get("/").url == reverse("portal:projects")
    for url in (
        reverse("projects:detail", args=[project.pk]),
        "/projects/",
        "/dashboard/",
        "/customers/",
        "/admin/",
        reverse("portal_staff:conversation", args=[project.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_staff_never_get_the_portal_layout(client, sales_user):
    client.force_login(sales_user)
    response = client.get(reverse("portal:projects"))
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_anonymous_is_sent_to_sign_in(client, db):
    response = client.get(reverse("portal:projects"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_message_from_the_portal_reaches_the_staff_project_page(
    client, account, project, sales_user
):
    client.force_login(account)
    response = client.post(
        reverse("portal:message-send", args=[project.pk]), {"body": "Can you ship early?"}
    )
    assert response.status_code == 302
    message = PortalMessage.objects.get()
    assert message.from_customer and message.author_id == account.pk
    entry = ActivityLog.objects.get(action=ActivityAction.MESSAGE_SENT, entity_id=message.pk)
    assert entry.user_id == account.pk

    client.force_login(sales_user)
    page = client.get(reverse("portal_staff:conversation", args=[project.pk]))
    assert b"Can you ship early?" in page.content


def test_an_empty_message_is_refused_with_a_422(client, account, project):
    client.force_login(account)
    response = client.post(reverse("portal:message-send", args=[project.pk]), {"body": "  "})
    assert response.status_code == 422
    assert not PortalMessage.objects.exists()


def test_a_customer_uploads_a_drawing_shared_with_the_customer(client, account, project):
    client.force_login(account)
    upload = SimpleUploadedFile("bracket-rev-b.pdf", PDF, content_type="application/pdf")
    response = client.post(
        reverse("portal:upload", args=[project.pk]), {"file": upload, "category": "drawing"}
    )
    assert response.status_code == 302, response.content[:500]
    document = Document.objects.get()
    assert document.access_level == AccessLevel.CUSTOMER
    assert document.uploaded_by_id == account.pk
    assert document.versions.get().file.name
    assert ActivityLog.objects.filter(
        action=ActivityAction.DOCUMENT_UPLOADED, user_id=account.pk
    ).exists()


def test_a_file_that_is_not_what_it_claims_is_refused(client, account, project):
    client.force_login(account)
    upload = SimpleUploadedFile(
        "drawing.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(
        reverse("portal:upload", args=[project.pk]), {"file": upload, "category": "drawing"}
    )
    assert response.status_code == 422
    assert not Document.objects.exists()


def test_a_customer_downloads_a_shared_document_and_it_is_logged(client, account, project):
    client.force_login(account)
    upload = SimpleUploadedFile("po-7781.pdf", PDF, content_type="application/pdf")
    client.post(reverse("portal:upload", args=[project.pk]), {"file": upload, "category": "po"})
    document = Document.objects.get()
    response = client.get(reverse("portal:download", args=[project.pk, document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert DocumentAccessLog.objects.filter(action="download", user_id=account.pk).exists()


def test_an_internal_document_cannot_be_downloaded(client, account, project):
    internal = DocumentFactory(project=project, access_level=AccessLevel.PROJECT)
    client.force_login(account)
    response = client.get(reverse("portal:download", args=[project.pk, internal.pk]))
    assert response.status_code == 404


def test_the_stage_poll_answers_304_while_nothing_changed(client, account, project, stages):
    client.force_login(account)
    url = reverse("portal:project-state", args=[project.pk])
    first = client.get(url, HTTP_HX_REQUEST="true")
    assert first.status_code == 200
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    WorkflowDefinitionStageFactory(
        workflow_definition=project.workflow_definition, workflow_stage=stages[0]
    )
    project.current_stage = stages[0]
    project.stage_entered_at = project.created_at
    project.version += 1
    project.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert b"Stage 1" in changed.content


@pytest.mark.parametrize("path", ["/portal/", "/portal/projects/not-a-uuid/"])
def test_a_revoked_account_is_signed_out(client, account, path):
    client.force_login(account)
    account.status = "disabled"
    account.save(update_fields=["status"])
    response = client.get(path)
    assert response.status_code in (302, 404)
    assert response.status_code != 200


def test_staff_users_of_the_tenant_do_not_include_portal_accounts(account, tenant):
    from apps.users.models import User

    UserFactory(organization=tenant)
    assert account.pk not in set(User.objects.values_list("pk", flat=True))
    assert User.accounts.filter(pk=account.pk).exists()


def test_a_contact_signs_in_with_the_form_and_lands_on_the_portal(client, account, password):
    response = client.post(
        reverse("login"), {"username": account.email, "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("portal:projects")
    assert response.status_code == 200
    account.refresh_from_db()
    assert account.last_login is not None


@pytest.mark.django_db(transaction=True)
def test_every_portal_url_runs_as_the_portal_role_for_the_contacts_company(client, settings):
    from apps.core.tenancy import portal_role
    from tests.tenancy import role_probe
    from tests.tenancy.test_request_role import PROBE, every_url_path

    account = portal_account()
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, PROBE]
    role_probe.observations.clear()
    client.force_login(account)
    paths = [path for path in every_url_path() if path.startswith("/portal/")]
    for path in paths:
        assert client.get(path).status_code < 500, path
    assert {observation["path"] for observation in role_probe.observations} == set(paths)
    for observation in role_probe.observations:
        assert observation["role"] == portal_role(), observation
        assert observation["organization_id"] == str(account.organization_id), observation
    role_probe.observations.clear()


@pytest.mark.django_db(transaction=True)
def test_a_contact_is_locked_out_after_repeated_failures_like_staff(client, password, settings):
    account = portal_account()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": account.email, "password": "wrong"})
    response = client.post(reverse("login"), {"username": account.email, "password": password})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_contact_resets_the_password_with_the_staff_form(client, account):
    from django.core import mail

    account.set_password("Old-Passw0rd!")
    account.save()
    response = client.post(reverse("password_reset"), {"email": account.email})
    assert response.status_code == 302
    assert mail.outbox and mail.outbox[0].to == [account.email]


def test_a_contact_signs_out(client, account):
    client.force_login(account)
    assert client.get("/accounts/password_change/").status_code == 404
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
