"""Readiness checks behind `/health/`: each returns a small dict and never raises."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import redis
from django.conf import settings
from django.db import connection, transaction

HEARTBEAT_KEY = "factorypulse:beat-heartbeat"


def _timed(check: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as exc:  # a health check reports every failure instead of raising it
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def redis_client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)


def check_database() -> dict[str, Any]:
    def run():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"ok": True}

    return _timed(run)


def check_redis() -> dict[str, Any]:
    return _timed(lambda: {"ok": bool(redis_client().ping())})


def check_celery_worker() -> dict[str, Any]:
    from factorypulse.celery import app

    def run():
        # limit=1: return as soon as one worker answers instead of always waiting the full
        # second for others that might.
        replies = app.control.ping(timeout=1.0, limit=1) or []
        workers = sorted(name for reply in replies for name in reply)
        if not workers:
            return {"ok": False, "error": "no Celery worker answered a ping within 1 s"}
        return {"ok": True, "workers": workers}

    return _timed(run)


def check_beat_heartbeat() -> dict[str, Any]:
    interval = settings.CELERY_HEARTBEAT_INTERVAL_SECONDS

    def run():
        raw = redis_client().get(HEARTBEAT_KEY)
        if raw is None:
            return {"ok": False, "error": "Celery beat has not recorded a heartbeat yet"}
        age = max(0.0, time.time() - float(raw))
        ok = age <= 3 * interval
        result = {"ok": ok, "age_seconds": round(age, 1)}
        if not ok:
            result["error"] = f"last heartbeat {age:.0f} s ago (expected every {interval} s)"
        return result

    return _timed(run)


def check_dashboard_data() -> dict[str, Any]:
    """Age of the dashboard's materialized views (their oldest refresh). Unhealthy past three
    refresh intervals, or when they were never refreshed (a new install refreshes once during
    `migrate` and again in `first_run`, so this means refreshes are not running)."""
    interval = settings.DASHBOARD_REFRESH_SECONDS

    def run():
        from apps.dashboard.selectors import dashboard_freshness

        with transaction.atomic():  # a failure must not spoil the request's transaction
            freshness = dashboard_freshness()
        age = freshness.age_seconds()
        if age is None:
            return {"ok": False, "error": "the dashboard data has never been refreshed"}
        ok = age <= 3 * interval
        result = {"ok": ok, "age_seconds": round(age, 1),
                  "as_of": freshness.data_as_of.isoformat()}  # fmt: skip
        if not ok:
            result["error"] = f"dashboard data is {age:.0f} s old (refreshed every {interval} s)"
        return result

    return _timed(run)


def record_heartbeat() -> None:
    redis_client().set(HEARTBEAT_KEY, repr(time.time()))


def health_report() -> dict[str, Any]:
    checks = {"database": check_database(), "redis": check_redis()}
    if checks["redis"]["ok"]:
        checks["celery"] = check_celery_worker()
        checks["beat"] = check_beat_heartbeat()
    else:
        unreachable = {"ok": False, "error": "broker (Redis) unreachable", "ms": 0.0}
        checks["celery"] = dict(unreachable)
        checks["beat"] = dict(unreachable)
    if checks["database"]["ok"]:
        checks["dashboard"] = check_dashboard_data()
    else:
        checks["dashboard"] = {"ok": False, "error": "database unreachable", "ms": 0.0}
    healthy = all(check["ok"] for check in checks.values())
    return {"status": "ok" if healthy else "unhealthy", "checks": checks}
