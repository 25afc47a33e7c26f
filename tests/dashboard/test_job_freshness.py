"""The freshness panel shows managers the scheduled jobs' last runs (their own tenant's part of
the jobs that run per tenant), names the ones that need attention, and still renders when Redis,
which holds the figures, is unreachable. Others see no jobs."""

import pytest
from django.urls import reverse

from apps.core import jobs
from apps.users.models import Role
from tests.users.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

HTMX = {"HTTP_HX_REQUEST": "true"}
SWEEP = "apps.approvals.tasks.approvals_sweep_all_tenants"
SWEEP_TENANT = "apps.approvals.tasks.approvals_sweep_tenant"
FRESHNESS_QUERIES = 6  # session, user, BEGIN, tenant settings, refresh log, COMMIT: none for jobs


@pytest.fixture
def manager(tenant):
    return UserFactory(organization=tenant, role=Role.MANAGEMENT, email="manager@a.example.com")


@pytest.fixture
def sweep_failed_for_the_other_tenant(tenant, other_tenant, no_job_records):
    jobs.job_started(SWEEP)
    jobs.job_fanned_out(
        job_task=SWEEP, tenant_task=SWEEP_TENANT, organization_ids=[tenant.pk, other_tenant.pk]
    )
    jobs.job_succeeded(SWEEP)
    jobs.job_started(SWEEP_TENANT, tenant.pk)
    jobs.job_succeeded(SWEEP_TENANT, tenant.pk)
    jobs.job_started(SWEEP_TENANT, other_tenant.pk)
    jobs.job_failed(SWEEP_TENANT, other_tenant.pk, error="RuntimeError: their secret trouble")


def freshness(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("dashboard:freshness"), **HTMX)
    assert response.status_code == 200
    return response.content.decode()


def test_a_manager_sees_every_job_and_only_their_tenants_part(
    client, manager, tenant, sweep_failed_for_the_other_tenant, django_assert_max_num_queries
):
    jobs.job_started(SWEEP_TENANT, tenant.pk)
    jobs.job_failed(SWEEP_TENANT, tenant.pk, error="OperationalError: database restarting")
    client.force_login(manager)

    with django_assert_max_num_queries(FRESHNESS_QUERIES):
        body = client.get(reverse("dashboard:freshness"), **HTMX).content.decode()

    assert 'data-testid="scheduled-jobs" open' in body
    assert "Scheduled jobs: 1 needs attention" in body
    for name in ("record-heartbeat", "approvals-sweep", "notifications-purge-expired"):
        assert f'data-job="{name}"' in body
    assert "failed on its last run: OperationalError: database restarting" in body
    assert "their secret trouble" not in body


def test_another_tenants_failure_is_not_a_managers_concern(
    client, manager, sweep_failed_for_the_other_tenant
):
    body = freshness(client, manager)

    assert "Scheduled jobs: all on time" in body
    assert "their secret trouble" not in body


def test_the_panel_renders_when_redis_is_unreachable(client, manager, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    body = freshness(client, manager)

    assert "Scheduled jobs: their status cannot be read (Redis unreachable)." in body


def test_sales_see_no_jobs(client, sales_user, sweep_failed_for_the_other_tenant):
    assert 'data-testid="scheduled-jobs"' not in freshness(client, sales_user)
