"""The Prometheus instruments every process updates: requests, SQL queries, sign-ins, Celery tasks.

Core owns them because every app's requests and tasks pass through core (its middleware, its
Celery signal handlers); the scrape itself, with the figures read at scrape time (job and backup
ages, KPIs), is `/metrics` in `apps.operations`, the top layer that may read every app.

Under gunicorn (several worker processes) and Celery (a prefork pool) each process counts on its
own. With PROMETHEUS_MULTIPROC_DIR set, prometheus-client writes every process's values to
memory-mapped files in that directory and the scrape sums them (`registry_for_scrape`). Files are
named by host and process id, not the process id alone, so that containers of one host (web and
worker, each with its own pid 7) may share the directory without writing into each other's files;
gunicorn's `child_exit` hook (`factorypulse/gunicorn.conf.py`) drops a dead worker's live gauges.
Without the variable (tests, a single `runserver`) the process's own registry is scraped.
"""

from __future__ import annotations

import os
import socket

from prometheus_client import REGISTRY as PROCESS_REGISTRY
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    multiprocess,
    values,
)

MULTIPROCESS_DIR_VARIABLE = "PROMETHEUS_MULTIPROC_DIR"
_HOST = socket.gethostname()


def process_identifier(pid: int | None = None) -> str:
    """The name of a process's files in the multiprocess directory: host and process id."""
    return f"{_HOST}-{os.getpid() if pid is None else pid}"


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROCESS_DIR_VARIABLE) or None


if multiprocess_dir():
    values.ValueClass = values.MultiProcessValue(process_identifier=process_identifier)

# Seconds. The seed's dashboard thresholds (0.2 s, 0.5 s) are bucket edges, so a p95 computed from
# the buckets crosses them exactly where the alert rules do.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0)
TASK_BUCKETS = (0.05, 0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 300.0, 1800.0)
QUERY_COUNT_BUCKETS = (1, 2, 5, 10, 20, 30, 50, 100, 200, 500)

HTTP_REQUESTS = Counter(
    "factorypulse_http_requests",
    "HTTP requests answered, by view name, method and status code.",
    ["view", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "factorypulse_http_request_duration_seconds",
    "Server time of HTTP requests, by view name and status code.",
    ["view", "status"],
    buckets=LATENCY_BUCKETS,
)
HTTP_IN_PROGRESS = Gauge(
    "factorypulse_http_requests_in_progress",
    "HTTP requests being answered now.",
    multiprocess_mode="livesum",
)
DB_QUERIES = Counter(
    "factorypulse_db_queries",
    "SQL statements run while answering requests, by view name.",
    ["view"],
)
DB_QUERIES_PER_REQUEST = Histogram(
    "factorypulse_db_queries_per_request",
    "SQL statements per request, by view name.",
    ["view"],
    buckets=QUERY_COUNT_BUCKETS,
)
LOGINS = Counter(
    "factorypulse_logins",
    "Sign-in attempts by outcome (succeeded, failed).",
    ["outcome"],
)
CELERY_TASKS = Counter(
    "factorypulse_celery_tasks",
    "Celery task runs by task name and outcome (succeeded, failed, retried).",
    ["task", "outcome"],
)
CELERY_TASK_DURATION = Histogram(
    "factorypulse_celery_task_duration_seconds",
    "Wall time of Celery task runs, by task name.",
    ["task"],
    buckets=TASK_BUCKETS,
)

# The names (as scraped, before the _total/_bucket/... suffixes) this module exports; the scrape
# adds its own gauges (`apps.operations.metrics`).
INSTRUMENT_NAMES = {
    "factorypulse_http_requests_total": "counter",
    "factorypulse_http_request_duration_seconds": "histogram",
    "factorypulse_http_requests_in_progress": "gauge",
    "factorypulse_db_queries_total": "counter",
    "factorypulse_db_queries_per_request": "histogram",
    "factorypulse_logins_total": "counter",
    "factorypulse_celery_tasks_total": "counter",
    "factorypulse_celery_task_duration_seconds": "histogram",
}


def registry_for_scrape() -> CollectorRegistry:
    """Every process's values when running multiprocess, this process's otherwise."""
    directory = multiprocess_dir()
    if directory is None:
        return PROCESS_REGISTRY
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=directory)
    return registry


def mark_process_dead(pid: int) -> None:
    """gunicorn's `child_exit`: forget a dead worker's live gauges (its counters stay summed)."""
    if multiprocess_dir():
        multiprocess.mark_process_dead(process_identifier(pid))
