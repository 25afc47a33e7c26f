"""The operators' KPIs as sampled by the beat job, for their trend charts and growth figures."""

from __future__ import annotations

from django.db import models


class KpiSample(models.Model):
    """One KPI's value at one sampling (`apps.operations.kpis`), every OPS_KPI_SAMPLE_SECONDS.

    Installation-wide operator data, not tenant data: it has no tenant column and the app role
    has no privilege on it (the migration revokes them); it is written by the sampling task and
    read by the operators' page and `ops_report`, both as the login role. A table and not Redis:
    the database's growth over a week needs a week of history that survives a Redis restart, and
    the samples are backed up with the rest.
    """

    # check_schema: the app role has no privilege at all on this table.
    OWNER_ONLY = True

    kpi = models.CharField(max_length=80)
    taken_at = models.DateTimeField()
    value = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=10)

    class Meta:
        db_table = "operations_kpi_sample"
        ordering = ["kpi", "taken_at"]
        indexes = [models.Index(fields=["kpi", "taken_at"], name="operations_kpi_sample_kpi_idx")]
        constraints = [
            models.UniqueConstraint(fields=["kpi", "taken_at"], name="operations_kpi_sample_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kpi} at {self.taken_at:%Y-%m-%d %H:%M}: {self.value}"
