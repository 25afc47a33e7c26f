"""The staff side of the portal: invite and revoke from the customer's page, the project's customer
conversation, and the owner told of a portal action by a real worker."""

from __future__ import annotations

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse

from apps.activity.models import ActivityAction, ActivityLog
from apps.core.tenancy import tenant_context
from apps.notifications.models import Notification
from apps.portal import services
from apps.users.models import Role, User, UserStatus
from tests.contacts.factories import ContactFactory
from tests.organizations.factories import CustomerFactory
from tests.portal.factories import portal_account
from tests.projects.factories import ProjectFactory
from tests.users.factories import UserFactory
from tests.workers import eventually


def test_staff_see_who_has_portal_access_and_when_they_last_signed_in(
    client, sales_user, customer, account, django_assert_max_num_queries
):
    client.force_login(sales_user)
    url = reverse("portal_staff:accounts", args=[customer.pk])
    with django_assert_max_num_queries(10):
        response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert account.email.encode() in response.content
    assert b'data-testid="portal-account"' in response.content
    assert b"<html" not in response.content


def test_another_tenants_customer_is_a_404(client, other_admin, customer):
    client.force_login(other_admin)
    assert client.get(reverse("portal_staff:accounts", args=[customer.pk])).status_code == 404


def test_inviting_a_contact_makes_an_account_and_a_one_time_link(sales_user, contact):
    with tenant_context(sales_user.organization_id, sales_user.pk):
        account = services.portal_account_invite(
            user=sales_user, contact=contact, base_url="https://pulse.example.com/"
        )
        assert (account.role, account.contact_id) == (Role.CUSTOMER, contact.pk)
        assert account.customer_organization_id == contact.organization_id
        assert not account.has_usable_password()
        assert services.portal_invitation_mail_send(
            account_id=account.pk, base_url="https://pulse.example.com/"
        )
    (message,) = mail.outbox
    assert message.to == [contact.email]
    assert "https://pulse.example.com/accounts/reset/" in message.body
    token = message.body.split("/accounts/reset/")[1].split("/")[1]
    assert default_token_generator.check_token(account, token)
    account.set_password("A-new-Passw0rd!")
    account.save()
    assert not default_token_generator.check_token(account, token), "the link works once"
    assert ActivityLog.objects.filter(
        entity_id=account.pk, action=ActivityAction.CREATED, user_id=sales_user.pk
    ).exists()


def test_a_contact_without_an_email_or_already_invited_is_refused_with_a_422(
    client, sales_user, customer, account, tenant
):
    no_email = ContactFactory(owner_organization=tenant, organization=customer, email="")
    client.force_login(sales_user)
    url = reverse("portal_staff:invite", args=[customer.pk])
    for contact in (no_email, account.contact):
        response = client.post(url, {"contact": contact.pk}, HTTP_HX_REQUEST="true")
        assert response.status_code == 422
    assert client.post(url, {"contact": "not-a-uuid"}).status_code == 422
    assert User.accounts.filter(role=Role.CUSTOMER).count() == 1


def test_a_role_without_the_permission_cannot_invite(client, tenant, contact, customer):
    engineer = UserFactory(organization=tenant, role=Role.ENGINEERING)
    client.force_login(engineer)
    response = client.post(
        reverse("portal_staff:invite", args=[customer.pk]), {"contact": contact.pk}
    )
    assert response.status_code == 403
    assert not User.accounts.filter(role=Role.CUSTOMER).exists()


def test_revoking_stops_the_next_request(client, sales_user, customer, account):
    contact_client = client.__class__()
    contact_client.force_login(account)
    assert contact_client.get(reverse("portal:projects")).status_code == 200

    client.force_login(sales_user)
    response = client.post(reverse("portal_staff:revoke", args=[customer.pk, account.pk]))
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.status == UserStatus.DISABLED
    assert contact_client.get(reverse("portal:projects")).status_code == 302
    again = client.post(reverse("portal_staff:revoke", args=[customer.pk, account.pk]))
    assert again.status_code == 422


def test_a_portal_account_of_another_customer_cannot_be_revoked_through_this_one(
    client, sales_user, tenant, customer
):
    elsewhere = portal_account(
        ContactFactory(
            owner_organization=tenant, organization=CustomerFactory(owner_organization=tenant)
        )
    )
    client.force_login(sales_user)
    response = client.post(reverse("portal_staff:revoke", args=[customer.pk, elsewhere.pk]))
    assert response.status_code == 404


def test_staff_answer_in_the_customer_conversation(
    client, sales_user, project, account, django_assert_max_num_queries
):
    client.force_login(sales_user)
    url = reverse("portal_staff:conversation", args=[project.pk])
    with django_assert_max_num_queries(10):
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200
    response = client.post(url, {"body": "Yes, week 32."}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b"Yes, week 32." in response.content

    client.force_login(account)
    page = client.get(reverse("portal:project", args=[project.pk]))
    assert b"Yes, week 32." in page.content


@pytest.mark.django_db(transaction=True)
def test_the_owner_is_notified_of_a_portal_message_by_a_real_worker(celery_worker, tenant):
    owner = UserFactory(organization=tenant, role=Role.SALES)
    customer = CustomerFactory(owner_organization=tenant)
    contact = ContactFactory(owner_organization=tenant, organization=customer)
    account = portal_account(contact)
    project = ProjectFactory(organization=tenant, customer_organization=customer, assigned_to=owner)
    with tenant_context(tenant, account, customer=customer):
        services.portal_message_send(user=account, project=project, body="Is the PO received?")

    eventually(
        lambda: Notification.objects.filter(
            user=owner, action_url__contains=str(project.pk)
        ).exists(),
        "the project's owner is notified",
    )
    notification = Notification.objects.get(user=owner)
    assert contact.contact_name in notification.title
