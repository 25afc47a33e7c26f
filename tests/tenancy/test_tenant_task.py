import pytest
from celery import shared_task

from apps.core.tasks import TenantTask
from apps.organizations.models import Organization
from tests.organizations.factories import CustomerFactory


@shared_task(base=TenantTask)
def visible_organization_ids(*, organization_id):
    return sorted(str(pk) for pk in Organization.objects.values_list("pk", flat=True))


def test_a_tenant_task_sees_only_its_tenant(tenant, other_tenant):
    customer = CustomerFactory(owner_organization=tenant)
    CustomerFactory(owner_organization=other_tenant)

    result = visible_organization_ids.apply(kwargs={"organization_id": str(tenant.pk)}).get()

    assert result == sorted([str(tenant.pk), str(customer.pk)])


def test_a_tenant_task_without_a_tenant_is_refused(db):
    with pytest.raises(TypeError, match="organization_id"):
        visible_organization_ids.apply(throw=True).get()
