"""When each dashboard materialized view was last refreshed, and how long it took."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from apps.core.models import choices_check
from apps.dashboard.analytics import MATERIALIZED_VIEWS


class MaterializedViewName(models.TextChoices):
    PROJECT_SUMMARY = MATERIALIZED_VIEWS[0].name, _("Projects by status, priority and stage")
    WORKFLOW_EFFICIENCY = MATERIALIZED_VIEWS[1].name, _("Workflow efficiency per sub-stage")
    APPROVAL_PERFORMANCE = MATERIALIZED_VIEWS[2].name, _("Approval performance per type")
    USER_WORKLOAD = MATERIALIZED_VIEWS[3].name, _("Workload per user")


class DashboardRefreshLog(models.Model):
    """One row per materialized view, rewritten by every refresh.

    Global, not tenant data: it says when the installation's dashboard data was computed, which
    `/health/` and every tenant's "data as of" need. The app role may read it (a grant in the
    migration) but not write it; only the refresh service, running as the owner, does.
    `refreshed_at` is the refresh transaction's `now()`, the very instant the views' own
    "overdue" and "age" figures were computed against.
    """

    # check_schema: the app role must be able to read this table and must not be able to write it.
    APP_READ_ONLY = True

    view_name = models.CharField(max_length=63, primary_key=True, choices=MaterializedViewName)
    refreshed_at = models.DateTimeField()
    duration_ms = models.FloatField(help_text=_("Wall time of the REFRESH statement."))
    row_count = models.PositiveBigIntegerField(help_text=_("Rows in the view after the refresh."))

    class Meta:
        db_table = "dashboard_refresh_log"
        ordering = ["view_name"]
        constraints = [
            choices_check("view_name", MaterializedViewName, "dashboard_refresh_log"),
            models.CheckConstraint(
                condition=Q(duration_ms__gte=0), name="dashboard_refresh_log_duration_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.view_name} at {self.refreshed_at:%Y-%m-%d %H:%M:%S}"
