import pytest
from django.core.management import CommandError, call_command

from apps.core.tenancy import tenant_context
from apps.organizations.models import Organization, OrganizationType
from apps.users.models import Role, User


@pytest.mark.django_db(transaction=True)
def test_createtenant_creates_a_self_owned_tenant_and_its_admin(client):
    call_command(
        "createtenant",
        "Acme Fabrication Ltd.",
        admin_email="Boss@Acme.example",
        admin_password="Very-Long-Passphrase-42",
    )

    tenant = Organization.objects.get(name="Acme Fabrication Ltd.")
    admin = User.objects.get(email="boss@acme.example")
    assert tenant.organization_type == OrganizationType.INTERNAL
    assert tenant.owner_organization_id == tenant.pk
    assert admin.organization_id == tenant.pk and admin.role == Role.ADMIN
    with tenant_context(tenant):
        assert list(Organization.objects.values_list("pk", flat=True)) == [tenant.pk]
    response = client.post(
        "/accounts/login/", {"username": "boss@acme.example", "password": "Very-Long-Passphrase-42"}
    )
    assert response.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.django_db(transaction=True)
def test_createtenant_refuses_a_weak_password_and_leaves_nothing(db):
    with pytest.raises(CommandError, match="admin_password"):
        call_command(
            "createtenant", "Weak Ltd.", admin_email="a@weak.example", admin_password="123"
        )
    assert not Organization.objects.filter(name="Weak Ltd.").exists()
    assert not User.objects.filter(email="a@weak.example").exists()


@pytest.mark.django_db(transaction=True)
def test_createtenant_refuses_an_email_already_in_use(admin_user):
    with pytest.raises(CommandError, match="already in use"):
        call_command(
            "createtenant",
            "Copy Ltd.",
            admin_email=admin_user.email,
            admin_password="Very-Long-Passphrase-42",
        )
    assert not Organization.objects.filter(name="Copy Ltd.").exists()
