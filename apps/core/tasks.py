import logging
from collections.abc import Iterable

from celery import Task, current_task, shared_task
from celery.signals import beat_init, task_failure, task_prerun, task_retry, task_success
from django.db import transaction

from apps.core import health, jobs
from apps.core.tenancy import tenant_context

logger = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def record_heartbeat() -> None:
    """Beat schedules this; `/health/` reports its age, proving beat and a worker both run."""
    health.record_heartbeat()


@beat_init.connect
def _heartbeat_on_beat_start(sender=None, **kwargs) -> None:
    jobs.record_beat_started()
    record_heartbeat.delay()


class TenantTask(Task):
    """Base for tasks that act for a tenant.

    The task function declares `organization_id` (and, when it acts for someone, `user_id`) as
    keyword-only parameters, and the caller passes them by keyword; the body runs inside
    `tenant_context`, so row-level security applies exactly as in a request. The ids stay in the
    call's arguments: Celery checks the arguments of `delay()` against the function's signature
    before it sends anything, so a parameter this class consumed on the way in would make every
    real send fail. Tasks take ids, never model instances, and must be idempotent: a worker
    killed mid-task runs it again (`acks_late`).
    """

    abstract = True

    def __call__(self, *args, **kwargs):
        if "organization_id" not in kwargs:
            raise TypeError(f"{self.name} needs an organization_id keyword argument")
        with tenant_context(kwargs["organization_id"], kwargs.get("user_id")):
            return super().__call__(*args, **kwargs)


def queue_for_each_tenant(task: Task, tenant_ids: Iterable[str]) -> int:
    """Queue `task` (a TenantTask) once per tenant of `tenant_ids` (the active ones, from
    `apps.organizations.selectors.active_tenant_ids`), so one slow or failing tenant never holds up
    the others. Returns how many were queued.

    Called from a beat job, it records which task the job fans out to and for which tenants, so
    that `/health/` can tell when one tenant's part stops succeeding."""
    tenant_ids = [str(organization_id) for organization_id in tenant_ids]
    if current_task and current_task.name in jobs.scheduled_task_names():
        jobs.job_fanned_out(
            job_task=current_task.name, tenant_task=task.name, organization_ids=tenant_ids
        )
    for organization_id in tenant_ids:
        task.delay(organization_id=organization_id)
    return len(tenant_ids)


def _is_recorded(task: Task | None) -> bool:
    """Scheduled jobs and the tenants' tasks they fan out to have their runs recorded."""
    return task is not None and (
        isinstance(task, TenantTask) or task.name in jobs.scheduled_task_names()
    )


def _tenant_of(task_kwargs: dict | None) -> str | None:
    return (task_kwargs or {}).get("organization_id")


@task_prerun.connect
def _record_job_start(sender=None, kwargs=None, **extra) -> None:
    if _is_recorded(sender):
        jobs.job_started(sender.name, _tenant_of(kwargs))


@task_success.connect
def _record_job_success(sender=None, **extra) -> None:
    if _is_recorded(sender):
        jobs.job_succeeded(sender.name, _tenant_of(sender.request.kwargs))


@task_failure.connect
def _record_job_failure(sender=None, exception=None, kwargs=None, **extra) -> None:
    if _is_recorded(sender):
        error = f"{type(exception).__name__}: {exception}"
        jobs.job_failed(sender.name, _tenant_of(kwargs), error=error)


@task_retry.connect
def _record_job_retry(sender=None, request=None, reason=None, **extra) -> None:
    """A run that ends in a retry failed: it stays the last error until a run succeeds."""
    if _is_recorded(sender):
        jobs.job_failed(sender.name, _tenant_of(request.kwargs), error=f"retrying: {reason}")


def enqueue_after_commit(task: Task, **kwargs) -> None:
    """Send `task` with these keyword arguments once the current transaction commits.

    Only for work whose data is already stored and that a beat sweep picks up again: if the
    broker is unreachable the failure is logged and the request carries on (publishing does not
    retry; the broker's transport options bound how long a connection attempt may take).
    """

    def send() -> None:
        try:
            task.apply_async(kwargs=kwargs, retry=False)
        except Exception as error:  # any broker failure; the stored row is the source of truth
            logger.warning(
                "Could not queue %s %s (%s: %s); the sweep will retry",
                task.name, kwargs, type(error).__name__, error,
            )  # fmt: skip

    transaction.on_commit(send)
