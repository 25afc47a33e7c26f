"""Tenant tasks accept the ids they are sent with: Celery checks a call's arguments against the
task function's signature before it sends anything, so a task that did not declare
`organization_id` could never be queued (`tests/jobs` proves the sending in a real worker)."""

import inspect
import uuid

import pytest

from apps.core.tasks import TenantTask
from factorypulse.celery import app as current_app

current_app.loader.import_default_modules()  # every app's tasks, as a worker loads them
TENANT_TASKS = sorted(
    name for name, task in current_app.tasks.items() if isinstance(task, TenantTask)
)


def test_the_fan_out_tasks_are_tenant_tasks():
    assert {
        "apps.approvals.tasks.approvals_sweep_tenant",
        "apps.projects.tasks.sub_stages_notify_overdue_tenant",
        "apps.notifications.tasks.notifications_purge_expired_tenant",
    } <= set(TENANT_TASKS)


@pytest.mark.parametrize("name", TENANT_TASKS)
def test_a_tenant_task_accepts_the_organization_id_it_is_queued_with(name):
    # What `apply_async` runs before it sends: the function's signature, without the body. A task
    # that acts on a row also takes that row's id (and others): made-up ids fill them.
    task = current_app.tasks[name]
    others = {
        parameter.name: str(uuid.uuid4())
        for parameter in inspect.signature(task.run).parameters.values()
        if parameter.kind is parameter.KEYWORD_ONLY
        and parameter.default is parameter.empty
        and parameter.name != "organization_id"
    }
    task.__header__(organization_id=str(uuid.uuid4()), **others)
