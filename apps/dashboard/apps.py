from django.apps import AppConfig
from django.db.models.signals import post_migrate

from apps.core.health import register_check
from apps.dashboard.analytics import MATERIALIZED_VIEWS


class DashboardConfig(AppConfig):
    name = "apps.dashboard"
    label = "dashboard"
    # Read by check_schema: each view's unique index and its tenant view are verified.
    materialized_views = MATERIALIZED_VIEWS

    def ready(self) -> None:
        # Imported here, not at the top: the services import the dashboard's models, which Django
        # loads only after it has imported every app's apps.py.
        from apps.dashboard.health import check_dashboard_data
        from apps.dashboard.services import dashboard_refresh_after_migrate

        post_migrate.connect(dashboard_refresh_after_migrate, sender=self)
        register_check("dashboard", check_dashboard_data, needs="database")
