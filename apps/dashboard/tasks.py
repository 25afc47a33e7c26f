"""Celery side of the dashboard refresh.

`refresh_dashboard_views` is a plain task, not a `TenantTask`: like `record_heartbeat` it runs on
the worker's connection as the owner role, outside any tenant, which is what REFRESH needs. Beat
schedules it every `DASHBOARD_REFRESH_SECONDS` with `expires` equal to the interval (settings).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass

from celery import shared_task
from django.conf import settings
from django.db import OperationalError, connections

from apps.dashboard.services import RefreshOutcome, dashboard_refresh_views

logger = logging.getLogger(__name__)


@shared_task(
    ignore_result=True,
    autoretry_for=(OperationalError,),
    retry_backoff=5,
    max_retries=3,
)
def refresh_dashboard_views() -> None:
    """Idempotent: a second run refreshes again or, while one is running, skips."""
    dashboard_refresh_views()


@dataclass(frozen=True)
class RefreshRequest:
    """What became of a "refresh now": queued for a worker, or done right away (`outcome`)."""

    queued: bool
    outcome: RefreshOutcome | None = None
    error: str = ""


def dashboard_refresh_request() -> RefreshRequest:
    """Queue a refresh; when the broker cannot take it, refresh inline instead.

    Inline means on a thread with its own database connection: the caller is usually a request,
    which runs in a tenant transaction as the app role, and the refresh must run as the owner
    outside any tenant (a new thread starts with no tenant in its context, and its connection
    uses the login role). A failing inline refresh is reported, never raised: a broker outage
    must not break the page that asked.
    """
    try:
        refresh_dashboard_views.apply_async(
            expires=settings.DASHBOARD_REFRESH_SECONDS, retry=True, retry_policy={"max_retries": 1}
        )
    except Exception as exc:  # kombu/redis raise many types for "broker unreachable"
        logger.warning("Broker unavailable (%s); refreshing the dashboard inline", exc)
        return _refresh_on_own_connection()
    return RefreshRequest(queued=True)


def _refresh_on_own_connection() -> RefreshRequest:
    result: dict = {}

    def run() -> None:
        try:
            result["outcome"] = dashboard_refresh_views()
        except Exception as exc:  # reported to the user; the next beat run will try again
            logger.exception("Inline dashboard refresh failed")
            result["error"] = f"{type(exc).__name__}: {exc}"[:300]
        finally:
            connections.close_all()

    worker = threading.Thread(target=run, name="dashboard-refresh-inline")
    worker.start()
    worker.join()
    return RefreshRequest(
        queued=False, outcome=result.get("outcome"), error=result.get("error", "")
    )
