import uuid

import factory

from apps.organizations.models import Organization, OrganizationType


class TenantFactory(factory.django.DjangoModelFactory):
    """An internal organization: a tenant, which owns itself."""

    class Meta:
        model = Organization

    id = factory.LazyFunction(uuid.uuid4)
    owner_organization_id = factory.SelfAttribute("id")
    name = factory.Sequence(lambda n: f"Factory {n} Co., Ltd.")
    slug = factory.Sequence(lambda n: f"factory-{n}")
    organization_type = OrganizationType.INTERNAL
    country = "VN"


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    owner_organization = factory.SubFactory(TenantFactory)
    name = factory.Sequence(lambda n: f"Customer {n}")
    slug = factory.Sequence(lambda n: f"customer-{n}")
    organization_type = OrganizationType.CUSTOMER
    country = "VN"
