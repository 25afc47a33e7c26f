from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from apps.core.health import register_check
from apps.core.jobs import check_scheduled_jobs
from apps.core.schema_checks import record_schema_expectation_after_migrate
from apps.core.signal_metrics import connect_metric_signals


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = _("Core (tenancy and plumbing)")

    def ready(self) -> None:
        post_migrate.connect(record_schema_expectation_after_migrate, sender=self)
        register_check("jobs", check_scheduled_jobs, needs="redis")
        connect_metric_signals()
