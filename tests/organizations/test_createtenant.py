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


@pytest.mark.django_db(transaction=True)
def test_createtenant_refuses_a_slug_another_tenant_uses_and_leaves_nothing(tenant):
    with pytest.raises(CommandError, match=rf"slug: .*{tenant.slug}.* already used .*--slug"):
        call_command(
            "createtenant",
            "Second Factory Ltd.",
            slug=tenant.slug,
            admin_email="boss@second.example",
            admin_password="Very-Long-Passphrase-42",
        )
    assert not Organization.objects.filter(name="Second Factory Ltd.").exists()
    assert not User.objects.filter(email="boss@second.example").exists()


@pytest.mark.django_db(transaction=True)
def test_createtenant_with_the_name_of_another_tenant_explains_the_slug_clash(db):
    call_command(
        "createtenant", "Twin Ltd.", admin_email="a@twin.example", admin_password="Very-Long-42-x"
    )

    with pytest.raises(CommandError, match=r"twin-ltd.* already used"):
        call_command(
            "createtenant",
            "Twin Ltd.",
            admin_email="b@twin.example",
            admin_password="Very-Long-42-x",
        )
    assert Organization.objects.filter(name="Twin Ltd.").count() == 1
