"""Fixtures shared by every test. The database is the real PostgreSQL of DATABASE_URL; test data is
written as the migrating role (which row-level security does not restrict) unless a test steps into
`tenant_context` itself."""

import pytest
from django.utils import translation

from apps.core.health import redis_client
from apps.core.jobs import BEAT_STARTED_KEY
from apps.users.models import Role
from apps.users.reset_throttle import KEY_PREFIX as PASSWORD_RESET_COUNTERS
from factorypulse.catalogs import compile_catalogs
from tests.organizations.factories import TenantFactory
from tests.users.factories import DEFAULT_PASSWORD, UserFactory
from tests.workers import Worker, purge_queues


def pytest_sessionstart(session):
    """Compiled catalogs, as `make install` builds them (they are not committed): a test run
    straight from pytest after a catalog change must see it, and so must its Celery workers."""
    compile_catalogs()


@pytest.fixture(autouse=True)
def english_after_each_test():
    """A request activates its user's language for the thread (LocaleMiddleware and
    users.middleware), and nothing resets it after a test client's request: without this, a
    Vietnamese user's page would make the next test's messages Vietnamese."""
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def forget_password_reset_counts():
    """Each test starts with no password-reset e-mail counted (`apps.users.reset_throttle`): the
    counters live in Redis for an hour, across tests and runs."""
    client = redis_client()
    client.delete(*client.keys(f"*{PASSWORD_RESET_COUNTERS}*") or ["-"])


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
