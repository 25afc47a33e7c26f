"""Queueing a task without letting a broker outage break the request that asked for it."""

from __future__ import annotations

import logging

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


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
