"""Keeping the KPIs' history: the beat job's write, and the trend each chart reads."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.core.owner import owner_rights
from apps.operations.kpis import Kpi, kpis_evaluate
from apps.operations.models import KpiSample

TREND_WINDOW = datetime.timedelta(hours=24)


@transaction.atomic
def kpis_record_samples(*, now: datetime.datetime | None = None) -> list[Kpi]:
    """Evaluate every KPI and keep its value; forget samples older than OPS_KPI_SAMPLE_DAYS.
    Idempotent for one instant (one sample per KPI and time)."""
    now = now or timezone.now()
    kpis = kpis_evaluate(now=now)
    with owner_rights():
        KpiSample.objects.bulk_create(
            [KpiSample(kpi=kpi.key, taken_at=now, value=kpi.value, status=kpi.status)
             for kpi in kpis],
            ignore_conflicts=True,
        )  # fmt: skip
        horizon = now - datetime.timedelta(days=settings.OPS_KPI_SAMPLE_DAYS)
        KpiSample.objects.filter(taken_at__lt=horizon).delete()
    return kpis


def kpi_trends(
    *, now: datetime.datetime | None = None, window: datetime.timedelta = TREND_WINDOW
) -> dict[str, list[tuple[str, float | None]]]:
    """Each KPI's samples of the window, oldest first, as (ISO time, value). One query."""
    now = now or timezone.now()
    trends: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
    with owner_rights():
        samples = KpiSample.objects.filter(taken_at__gt=now - window).values_list(
            "kpi", "taken_at", "value"
        )
        for kpi, taken_at, value in samples.order_by("kpi", "taken_at"):
            trends[kpi].append((taken_at.isoformat(), value))
    return dict(trends)
