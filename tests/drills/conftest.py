"""Fault drills: the app while a service it depends on fails, with private servers that the drill
starts, breaks and brings back itself. The machine's shared PostgreSQL and Redis are never
stopped: other test runs use them."""

import pytest

from apps.approvals.services import ApproverSpec, approval_request
from apps.core.tenancy import tenant_context
from apps.messaging.services import message_send_direct
from apps.projects.services import project_create
from apps.users.models import Role
from apps.workflow.services import workflow_install_standard
from factorypulse.celery import app as celery_app
from factorypulse.devstack.servers import RedisServer, ephemeral_port
from tests.organizations.factories import CustomerFactory
from tests.users.factories import UserFactory


def drop_broker_connections() -> None:
    """Make the Celery app look its connection pools up again for the current broker URL."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def private_redis(tmp_path):
    server = RedisServer(tmp_path / "redis", ephemeral_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def app_on_private_redis(private_redis, settings):
    """The app's cache, Redis checks and Celery broker all on the private Redis."""
    # Celery's configuration reads the Django settings: keep the broker URL before anything
    # changes, and set it on the app only (the app, not the setting, is what publishes).
    saved = celery_app.conf.broker_url
    settings.REDIS_URL = private_redis.url
    settings.CACHES = {"default": {**settings.CACHES["default"], "LOCATION": private_redis.url}}
    celery_app.conf.broker_url = private_redis.url
    drop_broker_connections()
    yield private_redis
    celery_app.conf.broker_url = saved
    drop_broker_connections()


@pytest.fixture
def floor(tenant):
    """A factory with its standard workflow and a team, a project, an approval waiting for the
    engineer, and a conversation between the admin and the engineer."""
    workflow_install_standard(organization_id=tenant.pk)
    people = {
        role: UserFactory(organization=tenant, role=role, email=f"{role}@drill.example")
        for role in (Role.ADMIN, Role.SALES, Role.ENGINEERING, Role.MANAGEMENT)
    }
    sales = people[Role.SALES]
    customer = CustomerFactory(owner_organization=tenant, name="Toyota Vietnam")
    with tenant_context(tenant, sales):
        project = project_create(
            user=sales, title="Brake caliper fixture", customer_organization=customer
        )
        approval = approval_request(
            user=sales,
            entity=project,
            approvers=[ApproverSpec(role=Role.ENGINEERING)],
            approval_type="quote_approval",
            title="Quote for the fixture",
        )
    with tenant_context(tenant, people[Role.ADMIN]):
        conversation = message_send_direct(
            sender=people[Role.ADMIN], recipient=people[Role.ENGINEERING], content="Drawings?"
        )
    return {
        "people": people,
        "customer": customer,
        "project": project,
        "approval": approval,
        "thread_id": conversation.thread_id,
    }
