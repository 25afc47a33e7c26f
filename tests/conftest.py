"""Fixtures shared by every test. The database is the real PostgreSQL of DATABASE_URL; test data is
written as the migrating role (which row-level security does not restrict) unless a test steps into
`tenant_context` itself."""

import pytest

from apps.core.health import redis_client
from apps.core.jobs import BEAT_STARTED_KEY
from apps.users.models import Role
from tests.organizations.factories import TenantFactory
from tests.users.factories import DEFAULT_PASSWORD, UserFactory
from tests.workers import Worker, purge_queues


@pytest.fixture
def password():
    return DEFAULT_PASSWORD


@pytest.fixture
def tenant(db):
    return TenantFactory(name="Factory Pulse Vietnam Co., Ltd.")


@pytest.fixture
def other_tenant(db):
    return TenantFactory(name="Other Factory Ltd.")


@pytest.fixture
def admin_user(tenant):
    return UserFactory(organization=tenant, role=Role.ADMIN, email="admin@a.example.com")


@pytest.fixture
def sales_user(tenant):
    return UserFactory(organization=tenant, role=Role.SALES, email="sales@a.example.com")


@pytest.fixture
def other_admin(other_tenant):
    return UserFactory(organization=other_tenant, role=Role.ADMIN, email="admin@b.example.com")


@pytest.fixture
def mail_dir(tmp_path):
    """Where a test's Celery workers write their mail (one file per connection)."""
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def start_worker(transactional_db, mail_dir):
    """Start real Celery workers (`tests.workers.Worker`) against this run's test database and
    Redis; each is stopped after the test. The queues are emptied before the first one starts."""
    purge_queues()
    started: list[Worker] = []

    def start(*, pool: str = "solo", env: dict[str, str] | None = None) -> Worker:
        started.append(Worker(mail_dir, pool=pool, env=env))
        return started[-1]

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def celery_worker(start_worker):
    """One real Celery worker process consuming from the test run's Redis."""
    return start_worker()


@pytest.fixture
def no_job_records():
    """Forget the scheduled jobs' runs recorded by earlier tests (`apps.core.jobs`)."""
    client = redis_client()
    client.delete(*client.keys("factorypulse:job*") or ["-"], BEAT_STARTED_KEY)
    yield
    client.delete(*client.keys("factorypulse:job*") or ["-"], BEAT_STARTED_KEY)
