"""Readiness checks behind `/health/`: a registry of named checks, each returning a small dict and
never raising.

Core registers the platform's own checks (database, Redis, Celery worker, beat heartbeat); an app
whose health matters registers its check in its `AppConfig.ready()` (the dashboard registers the
age of its data), so core never imports the apps above it. A check may need another one: when
that one fails, it is reported as unreachable instead of being run (and timing out).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import redis
from celery import current_app
from django.conf import settings
from django.db import connection

HEARTBEAT_KEY = "factorypulse:beat-heartbeat"

CheckResult = dict[str, Any]

UNREACHABLE = {"database": "database unreachable", "redis": "broker (Redis) unreachable"}


@dataclass(frozen=True)
class HealthCheck:
    name: str
    run: Callable[[], CheckResult]
    needs: str | None = None


_checks: dict[str, HealthCheck] = {}


def register_check(name: str, run: Callable[[], CheckResult], *, needs: str | None = None) -> None:
    """Add (or replace) the check `name`. `run` returns {"ok": bool, ...}; it may raise, and the
    report turns the exception into a failed check."""
    if needs is not None and needs not in _checks:
        raise ValueError(f"health check {name!r} needs {needs!r}, which is not registered")
    _checks[name] = HealthCheck(name=name, run=run, needs=needs)


def registered_checks() -> list[str]:
    return list(_checks)


def _timed(check: Callable[[], CheckResult]) -> CheckResult:
    started = time.perf_counter()
    try:
        result = check()
    except Exception as exc:  # a health check reports every failure instead of raising it
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:300]}
    result["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def redis_client() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)


def check_database() -> CheckResult:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"ok": True}


def check_redis() -> CheckResult:
    return {"ok": bool(redis_client().ping())}


def check_celery_worker() -> CheckResult:
    # limit=1: return as soon as one worker answers instead of always waiting the full second.
    replies = current_app.control.ping(timeout=1.0, limit=1) or []
    workers = sorted(name for reply in replies for name in reply)
    if not workers:
        return {"ok": False, "error": "no Celery worker answered a ping within 1 s"}
    return {"ok": True, "workers": workers}


def check_beat_heartbeat() -> CheckResult:
    interval = settings.CELERY_HEARTBEAT_INTERVAL_SECONDS
    raw = redis_client().get(HEARTBEAT_KEY)
    if raw is None:
        return {"ok": False, "error": "Celery beat has not recorded a heartbeat yet"}
    age = max(0.0, time.time() - float(raw))
    ok = age <= 3 * interval
    result = {"ok": ok, "age_seconds": round(age, 1)}
    if not ok:
        result["error"] = f"last heartbeat {age:.0f} s ago (expected every {interval} s)"
    return result


def record_heartbeat() -> None:
    redis_client().set(HEARTBEAT_KEY, repr(time.time()))


def run_check(name: str) -> CheckResult:
    """One registered check, timed, never raising."""
    return _timed(_checks[name].run)


def health_report() -> dict[str, Any]:
    checks: dict[str, CheckResult] = {}
    for check in _checks.values():
        if check.needs is not None and not checks[check.needs]["ok"]:
            reason = UNREACHABLE.get(check.needs, f"{check.needs} failed")
            checks[check.name] = {"ok": False, "error": reason, "ms": 0.0}
        else:
            checks[check.name] = _timed(check.run)
    healthy = all(check["ok"] for check in checks.values())
    return {"status": "ok" if healthy else "unhealthy", "checks": checks}


register_check("database", check_database)
register_check("redis", check_redis)
register_check("celery", check_celery_worker, needs="redis")
register_check("beat", check_beat_heartbeat, needs="redis")
