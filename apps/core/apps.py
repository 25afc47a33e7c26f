from django.apps import AppConfig

from apps.core.health import register_check
from apps.core.jobs import check_scheduled_jobs


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"
    verbose_name = "Core (tenancy and plumbing)"

    def ready(self) -> None:
        register_check("jobs", check_scheduled_jobs, needs="redis")
