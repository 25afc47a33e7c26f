"""Sign-ins and Celery task runs counted for `/metrics`, from Django's and Celery's signals.

Connected in `CoreConfig.ready()`, so that every process that sets Django up (web workers, Celery
workers) counts: a task is counted by the worker process that ran it.
"""

from __future__ import annotations

import time

from celery.signals import task_postrun, task_prerun
from django.contrib.auth.signals import user_logged_in, user_login_failed

from apps.core import metrics

# Celery's task states as the outcome label.
TASK_OUTCOMES = {"SUCCESS": "succeeded", "FAILURE": "failed", "RETRY": "retried"}

_started: dict[str, float] = {}  # task id -> when this process started running it


def _count_login_success(sender=None, **kwargs) -> None:
    metrics.LOGINS.labels(outcome="succeeded").inc()


def _count_login_failure(sender=None, **kwargs) -> None:
    metrics.LOGINS.labels(outcome="failed").inc()


def _task_started(task_id=None, **kwargs) -> None:
    if task_id:
        _started[task_id] = time.perf_counter()


def _task_finished(task_id=None, task=None, state=None, **kwargs) -> None:
    started = _started.pop(task_id, None)
    name = getattr(task, "name", None) or "unknown"
    outcome = TASK_OUTCOMES.get(state or "", (state or "unknown").lower())
    metrics.CELERY_TASKS.labels(task=name, outcome=outcome).inc()
    if started is not None:
        metrics.CELERY_TASK_DURATION.labels(task=name).observe(time.perf_counter() - started)


def connect_metric_signals() -> None:
    user_logged_in.connect(_count_login_success, dispatch_uid="metrics-login-succeeded")
    user_login_failed.connect(_count_login_failure, dispatch_uid="metrics-login-failed")
    task_prerun.connect(_task_started, weak=False, dispatch_uid="metrics-task-started")
    task_postrun.connect(_task_finished, weak=False, dispatch_uid="metrics-task-finished")
