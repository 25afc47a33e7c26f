"""Celery side of operations. `backup_database_nightly` is a plain task (not a TenantTask): it
runs as the owner, outside any tenant, takes no arguments and is idempotent (see the service).
Beat schedules it daily at BACKUP_HOUR:BACKUP_MINUTE UTC (settings)."""

from __future__ import annotations

from celery import shared_task

from apps.operations import kpi_samples
from apps.operations.backup import backup_database_if_due


@shared_task(ignore_result=True)
def backup_database_nightly() -> None:
    backup_database_if_due()


@shared_task(ignore_result=True)
def kpis_record_samples() -> None:
    """Beat runs it every OPS_KPI_SAMPLE_SECONDS, as the login role, outside any tenant: the KPIs
    sum the whole installation. Idempotent (one sample per KPI and instant)."""
    kpi_samples.kpis_record_samples()
