from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "apps.dashboard"
    label = "dashboard"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from apps.core.health import register_check
        from apps.dashboard.analytics import MATERIALIZED_VIEWS
        from apps.dashboard.health import check_dashboard_data

        # Read by check_schema: each view's unique index and its tenant view are verified.
        self.materialized_views = MATERIALIZED_VIEWS
        post_migrate.connect(_refresh_if_never_refreshed, sender=self)
        register_check("dashboard", check_dashboard_data, needs="database")


def _refresh_if_never_refreshed(sender, using="default", **kwargs) -> None:
    """A brand-new install (or one whose log was emptied) gets its first refresh from `migrate`,
    so the dashboard has data and `/health/` is green before beat's first run."""
    from apps.dashboard.services import dashboard_refresh_if_never_refreshed

    dashboard_refresh_if_never_refreshed(using=using)
