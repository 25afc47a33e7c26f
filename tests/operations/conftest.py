from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models

from apps.core.models import tenant_models
from apps.users.models import Role
from tests.messaging.factories import MessageFactory
from tests.operations.helpers import create_scratch_database, drop_database
from tests.organizations.factories import TenantFactory
from tests.tenancy.factories_registry import factories_by_model
from tests.users.factories import DEFAULT_PASSWORD, UserFactory


@pytest.fixture
def scratch_database():
    """Makes empty databases on the server of the tests (`scratch_database("restore")`), and
    drops them afterwards."""
    created = []

    def create(purpose: str):
        database = create_scratch_database(purpose)
        created.append(database)
        return database

    yield create
    for database in created:
        drop_database(database)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def store_files_named_by_rows() -> int:
    """Put a file in storage behind every file column value, as uploads would have."""
    stored = 0
    for model in tenant_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                for name in model.objects.exclude(**{field.name: ""}).values_list(
                    field.name, flat=True
                ):
                    saved = default_storage.save(name, ContentFile(b"%PDF-1.7 " + name.encode()))
                    assert saved == name
                    stored += 1
    return stored


def fill_tenant(tenant) -> None:
    """A row in every tenant table (found from the models: a new table is covered the day its
    factory exists), a user managed by another and a reply to a message (the self-references a
    restore or an import must survive)."""
    factories = factories_by_model()
    for model in tenant_models():
        factories[model._meta.label](**{model.TENANT_FIELD: tenant})
    manager = UserFactory(
        organization=tenant, role=Role.ADMIN, email=f"admin@{tenant.slug}.example.com"
    )
    UserFactory(organization=tenant, direct_manager=manager)
    first = MessageFactory(tenant=tenant, sender=manager)
    MessageFactory(
        tenant=tenant,
        project=first.project,
        sender=manager,
        parent=first,
        thread_id=first.thread_id,
    )


@pytest.fixture
def two_filled_tenants(media_root):
    tenant_a, tenant_b = TenantFactory(), TenantFactory()
    fill_tenant(tenant_a)
    fill_tenant(tenant_b)
    files = store_files_named_by_rows()
    return SimpleNamespace(
        a=tenant_a, b=tenant_b, files=files,
        admin_email=f"admin@{tenant_a.slug}.example.com", password=DEFAULT_PASSWORD,
    )  # fmt: skip
