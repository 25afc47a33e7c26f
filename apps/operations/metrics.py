"""`/metrics`: the instruments every process counts (`apps.core.metrics`) and the figures read at
scrape time: beat's lag, each job's last success, the dashboard data's age and refresh time, the
last backup's age, the Celery queue's length and every KPI's value and status.

Read at scrape time rather than counted: they are states of the installation (Redis, the database,
the backup directory), the same whichever web process answers the scrape.
"""

from __future__ import annotations

import time

import redis
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily

from apps.core import health
from apps.core.metrics import registry_for_scrape
from apps.operations.kpis import SEVERITY, kpis_evaluate

CELERY_QUEUES = ("celery",)
JOB_PREFIX = "job:"

# Every gauge this collector may export (the alert rules' test checks against them).
SCRAPE_GAUGES = (
    "factorypulse_beat_lag_seconds",
    "factorypulse_celery_queue_length",
    "factorypulse_job_last_success_age_seconds",
    "factorypulse_job_failing",
    "factorypulse_kpi_value",
    "factorypulse_kpi_status",
    "factorypulse_dashboard_data_age_seconds",
    "factorypulse_dashboard_refresh_seconds",
    "factorypulse_backup_age_seconds",
)
# A KPI that also has a gauge of its own, named for what it measures (seconds, not hours).
KPI_GAUGES = {
    "dashboard_data_age_seconds": ("factorypulse_dashboard_data_age_seconds", 1),
    "mv_refresh_seconds": ("factorypulse_dashboard_refresh_seconds", 1),
    "backup_age_hours": ("factorypulse_backup_age_seconds", 3600),
}


class InstallationCollector:
    """Figures of the whole installation, read when Prometheus scrapes."""

    def collect(self):
        yield from self._redis_figures()
        yield from self._kpi_figures()

    def _redis_figures(self):
        lag = GaugeMetricFamily(
            "factorypulse_beat_lag_seconds", "Seconds since Celery beat's last heartbeat."
        )
        queue = GaugeMetricFamily(
            "factorypulse_celery_queue_length", "Tasks waiting in a Celery queue.", labels=["queue"]
        )
        try:
            client = health.redis_client()
            heartbeat = client.get(health.HEARTBEAT_KEY)
            if heartbeat is not None:
                lag.add_metric([], max(0.0, time.time() - float(heartbeat)))
            for name in CELERY_QUEUES:
                queue.add_metric([name], client.llen(name))
        except redis.RedisError:
            pass  # absent series: the alert on absent() or on factorypulse_kpi_status says why
        yield lag
        yield queue

    def _kpi_figures(self):
        value = GaugeMetricFamily(
            "factorypulse_kpi_value", "The operators' KPIs (seed 1 section 9).", labels=["kpi"]
        )
        status = GaugeMetricFamily(
            "factorypulse_kpi_status", "KPI status: 0 OK or INFO, 1 WARNING, 2 CRITICAL.",
            labels=["kpi"],
        )  # fmt: skip
        job_age = GaugeMetricFamily(
            "factorypulse_job_last_success_age_seconds",
            "Seconds since a scheduled job last succeeded.", labels=["job"],
        )  # fmt: skip
        job_failing = GaugeMetricFamily(
            "factorypulse_job_failing",
            "1 when a scheduled job failed last or is late by three intervals.", labels=["job"],
        )  # fmt: skip
        own = {
            key: GaugeMetricFamily(name, f"{key} (also in factorypulse_kpi_value).")
            for key, (name, _) in KPI_GAUGES.items()
        }
        for kpi in kpis_evaluate():
            if kpi.key.startswith(JOB_PREFIX):
                job = kpi.key.removeprefix(JOB_PREFIX)
                if kpi.value is not None:
                    job_age.add_metric([job], kpi.value)
                job_failing.add_metric([job], 1 if SEVERITY[kpi.status] == 2 else 0)
                continue
            status.add_metric([kpi.key], SEVERITY[kpi.status])
            if kpi.value is not None:
                value.add_metric([kpi.key], kpi.value)
                if kpi.key in KPI_GAUGES:
                    own[kpi.key].add_metric([], kpi.value * KPI_GAUGES[kpi.key][1])
        yield from (value, status, job_age, job_failing, *own.values())


def metrics_exposition() -> bytes:
    """The text Prometheus scrapes: every process's instruments, then the installation's."""
    installation = CollectorRegistry(auto_describe=False)
    installation.register(InstallationCollector())
    return generate_latest(registry_for_scrape()) + generate_latest(installation)
